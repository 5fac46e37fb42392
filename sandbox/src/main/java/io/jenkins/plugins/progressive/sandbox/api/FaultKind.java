package io.jenkins.plugins.progressive.sandbox.api;

/** The ways an {@link ApiFault} disturbs a client, as a fault campaign tells them apart and counts them. */
public enum FaultKind {
    /** An error status (5xx, 409, ...) instead of the store's answer, optionally late. */
    ERROR,
    /** 429 with a {@code Retry-After} header in whole seconds, as a real API server's priority and fairness answers. */
    TOO_MANY_REQUESTS,
    /** The store's answer, sent after a delay (longer than the client's timeout, for a timeout). */
    SLOW,
    /** The status line, the headers and part of the body arrive, then the connection is reset (fault proxy only). */
    RESET_MID_BODY,
    /** The watch opens and streams events, then the server closes its WebSocket after a while. */
    WATCH_CLOSE,
    /** The watch opens and stays open, but no event is ever delivered on it. */
    WATCH_SILENT
}
