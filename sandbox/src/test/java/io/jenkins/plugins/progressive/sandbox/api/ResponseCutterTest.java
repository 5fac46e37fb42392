package io.jenkins.plugins.progressive.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The cut of a marked answer, whatever the reads the bytes arrive in. */
class ResponseCutterTest {

    private static final String MARKER = "sandbox-fault-reset-test";
    private static final String PLAIN = "HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello";
    private static final String MARKED = "HTTP/1.1 200 OK\r\nx-sandbox-fault: " + MARKER
            + "\r\ncontent-length: 10\r\n\r\n0123456789";

    @Test
    void anUnmarkedStreamIsPassedOnAsItComesNothingHeldBack() {
        ResponseCutter cutter = new ResponseCutter(MARKER);

        // "s" could begin the marker: it is passed on anyway, a split marker is found in what was passed on.
        ResponseCutter.Step step = feed(cutter, PLAIN + "s");

        assertThat(text(step.forward())).isEqualTo(PLAIN + "s");
        assertThat(step.reset()).isFalse();
    }

    @Test
    void theMarkedAnswerAfterAKeepAliveOneIsCutAfterItsHeadersAndHalfItsBodyWhereverTheReadsSplitIt() {
        String stream = PLAIN + MARKED;
        for (int chunk = 1; chunk <= stream.length(); chunk++) {
            ResponseCutter cutter = new ResponseCutter(MARKER);
            ByteArrayOutputStream forwarded = new ByteArrayOutputStream();
            boolean reset = false;
            for (int at = 0; at < stream.length() && !reset; at += chunk) {
                ResponseCutter.Step step = feed(cutter, stream.substring(at, Math.min(stream.length(), at + chunk)));
                forwarded.writeBytes(step.forward());
                reset = step.reset();
            }

            assertThat(reset).as("reset, reads of %d bytes", chunk).isTrue();
            assertThat(forwarded.toString(StandardCharsets.ISO_8859_1)).as("passed on, reads of %d bytes", chunk)
                    .isEqualTo(PLAIN + MARKED.substring(0, MARKED.length() - 5));
        }
    }

    @Test
    void anAnswerWithoutBodyIsCutAfterItsHeaders() {
        ResponseCutter cutter = new ResponseCutter(MARKER);
        String empty = "HTTP/1.1 200 OK\r\nx-sandbox-fault: " + MARKER + "\r\ncontent-length: 0\r\n\r\n";

        ResponseCutter.Step step = feed(cutter, empty + "HTTP/1.1 200 OK");

        assertThat(text(step.forward())).isEqualTo(empty);
        assertThat(step.reset()).isTrue();
    }

    private static ResponseCutter.Step feed(ResponseCutter cutter, String bytes) {
        byte[] data = bytes.getBytes(StandardCharsets.ISO_8859_1);
        // A read buffer is larger than what was read and reused: only the first bytes count.
        byte[] buffer = new byte[data.length + 8];
        System.arraycopy(data, 0, buffer, 0, data.length);
        return cutter.feed(buffer, data.length);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
