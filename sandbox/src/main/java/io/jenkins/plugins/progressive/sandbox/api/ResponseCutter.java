package io.jenkins.plugins.progressive.sandbox.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Follows the bytes one server connection sends a client and finds the response marked for a reset: it says which
 * bytes to pass on, and when the marked response's headers and about half its body are through, to reset.
 *
 * <p>The marker is a token unique to one API server, found anywhere in the stream (a body never carries it), so the
 * cutter needs no HTTP framing to stay in step over keep-alive responses and WebSocket frames. Bytes are passed on as
 * they come until the marker is seen (a marker split across reads is found in the bytes already passed on), so an
 * unmarked stream is never held back. Not thread-safe: one per connection direction.
 */
final class ResponseCutter {

    /** Bytes already passed on that are kept to find a split marker and the marked response's status line. */
    private static final int HISTORY = 16 * 1024;
    private static final byte[] HEADERS_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STATUS_LINE = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    /** What to do with the bytes just read: pass {@code forward} on, then reset both connections if {@code reset}. */
    record Step(byte[] forward, boolean reset) {
    }

    private final byte[] marker;
    /** While scanning: the last bytes passed on. */
    private byte[] recent = EMPTY;
    /** Once marked: the marked response from its status line on, as far as received. */
    private byte[] marked;
    /** Once marked: how many bytes of {@link #marked} were passed on. */
    private int markedForwarded;
    private int markerEnd;

    ResponseCutter(String marker) {
        this.marker = marker.getBytes(StandardCharsets.US_ASCII);
    }

    Step feed(byte[] data, int length) {
        byte[] chunk = Arrays.copyOf(data, length);
        if (marked != null) {
            marked = concat(marked, chunk);
            return cutWhenReady();
        }
        byte[] seen = concat(recent, chunk);
        int at = indexOf(seen, marker, Math.max(0, recent.length - marker.length + 1));
        if (at < 0) {
            recent = Arrays.copyOfRange(seen, Math.max(0, seen.length - HISTORY), seen.length);
            return new Step(chunk, false);
        }
        int start = Math.max(0, lastIndexOf(seen, STATUS_LINE, at));
        // What came before the marked response in this read (the end of an earlier one) goes through as usual.
        byte[] before = start > recent.length ? Arrays.copyOfRange(seen, recent.length, start) : EMPTY;
        marked = Arrays.copyOfRange(seen, start, seen.length);
        markedForwarded = Math.max(0, recent.length - start);
        markerEnd = at + marker.length - start;
        recent = null;
        Step step = cutWhenReady();
        return before.length == 0 ? step : new Step(concat(before, step.forward()), step.reset());
    }

    /** Passes nothing more on until the headers' end is known, then exactly up to the cut. */
    private Step cutWhenReady() {
        int headersEnd = indexOf(marked, HEADERS_END, markerEnd - 2);
        if (headersEnd < 0) {
            return new Step(EMPTY, false);
        }
        int bodyStart = headersEnd + HEADERS_END.length;
        long contentLength = contentLength(new String(marked, 0, headersEnd, StandardCharsets.ISO_8859_1));
        long cut = bodyStart + (contentLength <= 0 ? 0 : Math.max(1, contentLength / 2));
        if (marked.length < cut) {
            return new Step(EMPTY, false);
        }
        byte[] forward = Arrays.copyOfRange(marked, markedForwarded, (int) cut);
        markedForwarded = (int) cut;
        return new Step(forward, true);
    }

    private static long contentLength(String headers) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                try {
                    return Long.parseLong(line.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int lastIndexOf(byte[] haystack, byte[] needle, int before) {
        outer:
        for (int i = Math.min(before, haystack.length) - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
