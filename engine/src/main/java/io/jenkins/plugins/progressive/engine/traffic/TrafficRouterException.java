package io.jenkins.plugins.progressive.engine.traffic;

/** A router cannot do what was asked (object missing, wrong shape, unsupported route); nothing was written. */
public class TrafficRouterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrafficRouterException(String message) {
        super(message);
    }
}
