package io.jenkins.plugins.progressive.steps.args;

/**
 * A step argument a rollout cannot start with; the message starts with the parameter's path (e.g.
 * {@code analysis.checks.errorRate.condition}) and says what was expected. Thrown before anything touches a cluster.
 */
public final class StepArgumentException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public StepArgumentException(String path, String problem) {
        super(path + ": " + problem);
    }
}
