package io.jenkins.plugins.progressive.engine.analysis.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A refused Prometheus URL is shown without any user info, whatever characters the user info holds. */
class ShownUrlTest {

    private static final String SECRET = "s3cr3t";

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "http://admin:pw" + SECRET + "\n@host/",
        "http://admin:pw" + SECRET + "\r\n@host/",
        "http://admin:pw\n" + SECRET + "@host/",
        "http://admin:\r" + SECRET + "\r@host/",
        "http://admin:pw\t" + SECRET + "@host/",
        "http://admin\u2028:" + SECRET + "@host/",
        "http://admin\u0085:" + SECRET + "@host/",
        "http://admin:p\u00e4ss" + SECRET + "w\u00f6rt@host/",
        "http://admin:\ud83d\udd11" + SECRET + "@host/",
        "http://admin:pw%40" + SECRET + "%0A@host/",
        "http://admin%40corp:" + SECRET + "@host/",
        "http://admin:pw@" + SECRET + "@host/",
        "http://admin:" + SECRET + "@x@y@host/",
        "http:admin:" + SECRET + "@host/",
        "http:/admin:" + SECRET + "@host/",
        "http:\\\\admin:" + SECRET + "@host/",
        "  http://admin:" + SECRET + "@host/",
        "admin:" + SECRET + "@host",
        "//admin:" + SECRET + "@host/",
        "http://admin:" + SECRET + "@",
        "http://admin:" + SECRET + "@host/?q=1",
        "https://admin:" + SECRET + "@prometheus:9090/prefix/",
    })
    void aRefusedUrlNeverShowsItsUserInfo(String url) {
        assertThatThrownBy(() -> PrometheusConnection.of(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("prometheus.url: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("admin")
                        .as("one line, no control characters").doesNotContainPattern("[\\p{Cntrl}\u2028\u2029\u0085]"));
    }

    @Test
    void everyCharacterInTheUserInfoStaysHidden() {
        List<Integer> shown = new ArrayList<>();
        for (int c = 0; c < 0x3000; c++) {
            if (Character.isSurrogate((char) c)) {
                continue;
            }
            String url = "http://admin:" + SECRET + (char) c + SECRET + "@host/";
            String message = messageOf(url);
            if (message == null || message.contains(SECRET)) {
                shown.add(c);
            }
        }
        assertThat(shown).as("characters whose URL was accepted or echoed its password").isEmpty();
    }

    @Test
    void theRestOfARefusedUrlIsStillShownToHelp() {
        assertThat(ShownUrl.quote("http://admin:" + SECRET + "\n@prometheus:9090/x"))
                .isEqualTo("'http:****@prometheus:9090/x'");
        assertThat(ShownUrl.quote("ftp://prometheus/")).isEqualTo("'ftp://prometheus/'");
        assertThat(ShownUrl.quote("http://prom\netheus/")).isEqualTo("'http://prom\\u000aetheus/'");
        assertThat(ShownUrl.quote(null)).isEqualTo("null");
        assertThat(ShownUrl.quote("http://" + "a".repeat(500))).hasSize(ShownUrl.MAX_SHOWN + 2 + 3);
    }

    private static String messageOf(String url) {
        try {
            PrometheusConnection.of(url);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
