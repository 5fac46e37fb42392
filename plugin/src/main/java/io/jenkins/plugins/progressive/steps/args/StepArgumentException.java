package io.jenkins.plugins.progressive.steps.args;

import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A step argument a rollout cannot start with; the message starts with the parameter's path (e.g.
 * {@code analysis.checks.errorRate.condition}, {@code steps[2].setWeight}) and says what was expected. Thrown before
 * anything touches a cluster. The message never starts with the step's name: the step adds it once.
 */
public final class StepArgumentException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** What the whole of a step's arguments is called when no single parameter is to blame. */
    static final String ARGUMENTS = "arguments";

    /** An engine message that starts with the field it is about: {@code template.image: ...}, {@code steps[2]: ...}. */
    private static final Pattern FIELD = Pattern.compile("([A-Za-z][A-Za-z0-9_\\-]*(?:\\[\\d+])*"
            + "(?:\\.[A-Za-z0-9_\\-]+(?:\\[\\d+])*)*): (.*)", Pattern.DOTALL);

    private final String path;
    private final String problem;

    public StepArgumentException(String path, String problem) {
        super((path == null || path.isEmpty() ? ARGUMENTS : path) + ": " + problem);
        this.path = path == null || path.isEmpty() ? ARGUMENTS : path;
        this.problem = problem;
    }

    /** The parameter's path, e.g. {@code steps[0].setWeight}. */
    public String path() {
        return path;
    }

    /** What is wrong with it, without the path. */
    public String problem() {
        return problem;
    }

    /**
     * An engine refusal of the value at {@code path}: the field the engine names goes onto the path
     * ({@code steps[0].job} + {@code template.image: ...} → {@code steps[0].job.template.image: ...}).
     *
     * @param path where the value is; empty for the step's own arguments
     * @param own the name the engine itself gives the value at {@code path} (e.g. {@code job}), dropped from the
     *     field; null when it gives none
     */
    static StepArgumentException under(String path, String own, String message) {
        Matcher field = FIELD.matcher(message == null ? "" : message);
        if (!field.matches()) {
            return new StepArgumentException(path, message);
        }
        String name = field.group(1);
        if (path != null && !path.isEmpty() && (name.equals(path) || name.startsWith(path + ".")
                || name.startsWith(path + "["))) {
            return new StepArgumentException(name, field.group(2)); // the engine was given the path and used it
        }
        String suffix = own == null ? name : name.equals(own) ? ""
                : name.startsWith(own + ".") || name.startsWith(own + "[") ? name.substring(own.length()) : name;
        return new StepArgumentException(join(path, suffix), field.group(2));
    }

    /**
     * A refusal of the analysis plan at {@code path} ({@code analysis}, {@code steps[1].analysis}): the check and
     * field the engine names become {@code analysis.checks.<check>.<field>}.
     */
    static StepArgumentException ofPlan(String path, PlanException e) {
        if (e.field() == null) {
            return under(path, null, e.getMessage());
        }
        String field = e.field().equals("check name") ? "checks" : e.field();
        return new StepArgumentException(join(path, e.check() == null ? field : "checks." + e.check() + "." + field),
                e.problem());
    }

    private static String join(String path, String suffix) {
        if (path == null || path.isEmpty()) {
            return suffix.startsWith(".") ? suffix.substring(1) : suffix;
        }
        if (suffix.isEmpty() || suffix.startsWith("[")) {
            return path + suffix;
        }
        return path + (suffix.startsWith(".") ? "" : ".") + suffix;
    }
}
