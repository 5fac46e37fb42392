package io.jenkins.plugins.progressive.engine.strategy;

/**
 * A check failed during a rollout; the strategy turns it into an undo (or a pause). The message is for people and
 * carries the numbers; the reason is a short code for metrics ({@code deadline}, {@code health}, {@code gate},
 * {@code inconclusive}, {@code error}).
 */
public class RolloutFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public RolloutFailure(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    /** A failure in words for the log: the API server's answer, or the message, or at least the type. */
    public static String describe(Throwable error) {
        Throwable cause = cause(error);
        if (cause instanceof io.fabric8.kubernetes.client.KubernetesClientException k) {
            String said = k.getStatus() != null && k.getStatus().getMessage() != null ? k.getStatus().getMessage() : null;
            Throwable root = k;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return k.getCode() > 0 ? "the API server answered " + k.getCode() + ": " + (said != null ? said : k.getMessage())
                    : "the API server could not be reached: " + (root.getMessage() != null ? root.getMessage()
                            : root.getClass().getSimpleName());
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** Unwraps the CompletableFuture wrappers around a failure. */
    public static Throwable cause(Throwable error) {
        Throwable current = error;
        while ((current instanceof java.util.concurrent.CompletionException
                || current instanceof java.util.concurrent.ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
