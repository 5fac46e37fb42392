package io.jenkins.plugins.progressive.engine.analysis;

/**
 * Bad input in an analysis plan, found before anything is measured or written to a cluster. The message names the
 * check and the field, e.g. {@code check 'errorRate': condition: unknown unit 'xs' in '< 5xs'}; {@link #check()},
 * {@link #field()} and {@link #problem()} give the parts, so that a caller can put the check and field onto its own
 * parameter path ({@code analysis.checks.errorRate.condition}) instead of re-parsing the text.
 */
public class PlanException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String check;
    private final String field;
    private final String problem;

    public PlanException(String message) {
        super(message);
        this.check = null;
        this.field = null;
        this.problem = null;
    }

    private PlanException(String check, String field, String problem) {
        super(check == null ? field + ": " + problem : "check '" + check + "': " + field + ": " + problem);
        this.check = check;
        this.field = field;
        this.problem = problem;
    }

    static PlanException of(String check, String field, String problem) {
        return new PlanException(check, field, problem);
    }

    /** The check the problem is in, or null when it concerns the plan as a whole or was not given apart. */
    public String check() {
        return check;
    }

    /** The field of the check or plan ({@code condition}, {@code interval}), or null when not given apart. */
    public String field() {
        return field;
    }

    /** What is wrong, without check and field, or null when not given apart (then the message says it all). */
    public String problem() {
        return problem;
    }
}
