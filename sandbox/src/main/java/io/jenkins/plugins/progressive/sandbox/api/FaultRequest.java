package io.jenkins.plugins.progressive.sandbox.api;

import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Locale;

/**
 * What a fault is matched against: one request of a client under test.
 *
 * @param method the HTTP method ({@code GET}, ...)
 * @param path the path without the query string
 * @param watch whether it is a watch ({@code watch=true} or {@code watch=1}, or a WebSocket upgrade)
 * @param viaProxy whether it came through the {@link FaultProxy}, the only way a connection can be reset
 */
record FaultRequest(String method, String path, boolean watch, boolean viaProxy) {

    /** Classifies a request; {@code proxyPort} is the fault proxy's port, or 0 while there is none. */
    static FaultRequest of(RecordedRequest request, int proxyPort) {
        String target = request.getPath() == null ? "" : request.getPath();
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        boolean watch = query >= 0 && isWatchQuery(target.substring(query + 1)) || isUpgrade(request);
        // The client names the address it connected to in Host: the proxy's port means it came through the proxy.
        String host = request.getHeader("Host");
        boolean viaProxy = proxyPort > 0 && host != null && host.trim().endsWith(":" + proxyPort);
        return new FaultRequest(request.getMethod(), path, watch, viaProxy);
    }

    private static boolean isWatchQuery(String query) {
        for (String parameter : query.split("&")) {
            if (parameter.equals("watch=true") || parameter.equals("watch=1")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUpgrade(RecordedRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }

    /** The namespace of a namespaced path ({@code .../namespaces/NS/...}), or {@code null}. */
    String namespace() {
        int at = path.indexOf("/namespaces/");
        if (at < 0) {
            return null;
        }
        int start = at + "/namespaces/".length();
        int end = path.indexOf('/', start);
        return end < 0 ? null : path.substring(start, end);
    }
}
