package io.jenkins.plugins.progressive.engine.analysis;

/**
 * Bad input in an analysis plan, found before anything is measured or written to a cluster. The message names the
 * check and the field, e.g. {@code check 'errorRate': condition: unknown unit 'xs' in '< 5xs'}.
 */
public class PlanException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public PlanException(String message) {
        super(message);
    }

    static PlanException of(String check, String field, String problem) {
        return new PlanException(check == null ? field + ": " + problem : "check '" + check + "': " + field + ": " + problem);
    }
}
