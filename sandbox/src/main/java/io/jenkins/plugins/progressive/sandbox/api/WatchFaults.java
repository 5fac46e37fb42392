package io.jenkins.plugins.progressive.sandbox.api;

import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watch faults as wrappers of the store's watch listener: the store keeps registering, filtering and sending events as
 * for any watch, and the wrapper decides what reaches the client.
 */
final class WatchFaults {

    /** Close code of an injected close: a normal closure, as an API server ending a watch's timeout sends. */
    static final int CLOSE_CODE = 1000;
    static final String CLOSE_REASON = "sandbox: injected watch close";

    private WatchFaults() {
    }

    /** Serves the watch, then closes its WebSocket {@code after} it opened. */
    static WebSocketListener closingAfter(WebSocketListener store, Duration after, ScheduledExecutorService timer) {
        return new Forwarding(store) {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                super.onOpen(webSocket, response);
                timer.schedule(() -> webSocket.close(CLOSE_CODE, CLOSE_REASON), after.toMillis(), TimeUnit.MILLISECONDS);
            }
        };
    }

    /** Opens the watch but hands the store a WebSocket that drops every message, so no event ever arrives. */
    static WebSocketListener silent(WebSocketListener store) {
        return new Forwarding(store) {
            @Override
            WebSocket seenByStore(WebSocket webSocket) {
                return new Silent(webSocket);
            }
        };
    }

    /** Delegates every callback, passing the store the WebSocket {@link #seenByStore} makes of the real one. */
    private static class Forwarding extends WebSocketListener {
        private final WebSocketListener store;

        Forwarding(WebSocketListener store) {
            this.store = store;
        }

        WebSocket seenByStore(WebSocket webSocket) {
            return webSocket;
        }

        @Override
        public void onBeforeAccept(WebSocket webSocket, Response response) {
            store.onBeforeAccept(seenByStore(webSocket), response);
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            store.onOpen(seenByStore(webSocket), response);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            store.onMessage(seenByStore(webSocket), text);
        }

        @Override
        public void onMessage(WebSocket webSocket, byte[] bytes) {
            store.onMessage(seenByStore(webSocket), bytes);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            store.onClosing(seenByStore(webSocket), code, reason);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            store.onClosed(seenByStore(webSocket), code, reason);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable error, Response response) {
            store.onFailure(seenByStore(webSocket), error, response);
        }
    }

    /** Accepts and drops every message (as if sent), but closes for real so the watch can still end. */
    private record Silent(WebSocket real) implements WebSocket {
        @Override
        public RecordedRequest request() {
            return real.request();
        }

        @Override
        public boolean send(String text) {
            return true;
        }

        @Override
        public boolean send(byte[] bytes) {
            return true;
        }

        @Override
        public boolean close(int code, String reason) {
            return real.close(code, reason);
        }
    }
}
