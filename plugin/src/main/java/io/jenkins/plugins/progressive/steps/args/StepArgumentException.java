package io.jenkins.plugins.progressive.steps.args;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A step argument a rollout cannot start with; the message starts with the parameter's path (e.g.
 * {@code analysis.checks.errorRate.condition}) and says what was expected. Thrown before anything touches a cluster.
 */
public final class StepArgumentException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** An engine message that starts with the field it is about: {@code template.image: ...}. */
    private static final Pattern FIELD = Pattern.compile("([A-Za-z][A-Za-z0-9_.\\[\\]]*): (.*)", Pattern.DOTALL);

    public StepArgumentException(String path, String problem) {
        super(path + ": " + problem);
    }

    /**
     * An engine refusal of the value at {@code path}: the field the engine names goes onto the path
     * ({@code steps[0].job} + {@code template.image: ...} → {@code steps[0].job.template.image: ...}).
     *
     * @param own the name the engine itself gives the value at {@code path} (e.g. {@code job}), dropped from the
     *     field; null when it gives none
     */
    static StepArgumentException under(String path, String own, String message) {
        Matcher field = FIELD.matcher(message);
        if (!field.matches()) {
            return new StepArgumentException(path, message);
        }
        String name = field.group(1);
        String suffix = own == null ? "." + name : name.equals(own) ? ""
                : name.startsWith(own + ".") ? name.substring(own.length()) : "." + name;
        return new StepArgumentException(path + suffix, field.group(2));
    }
}
