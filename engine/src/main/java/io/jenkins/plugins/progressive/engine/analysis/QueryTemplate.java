package io.jenkins.plugins.progressive.engine.analysis;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PromQL query with {@code {{placeholders}}} that the analysis fills in for the version under test:
 * {@code {{namespace}}}, {@code {{service}}}, {@code {{version}}}, {@code {{pods}}} (a regular expression matching the
 * version's pod names), {@code {{window}}} (the measurement window, e.g. {@code 30s}), plus variables the plan
 * declares. Values are inserted verbatim: they come from the plan and the cluster, not from metric data.
 */
public record QueryTemplate(String text) {

    /** Placeholders every analysis provides. */
    public static final Set<String> STANDARD = Set.of("namespace", "service", "version", "pods", "window");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9_]*)\\s*}}");

    public QueryTemplate {
        Objects.requireNonNull(text, "text");
    }

    /** The placeholder names used, in order of first appearance. */
    public Set<String> placeholders() {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** Replaces every placeholder; all of them must have a value. */
    public String resolve(Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 64);
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("no value for placeholder {{" + matcher.group(1) + "}}");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /**
     * Finds problems a plan must not have: an empty query, a {@code {{} that does not start a placeholder, a placeholder
     * nobody provides, and broken PromQL delimiters or strings ({@link PromQlSyntax}).
     */
    void validate(String check, String field, Set<String> known) {
        if (text.isBlank()) {
            throw PlanException.of(check, field, "the query is empty");
        }
        // Every '{{' must start a placeholder: one good placeholder must not let an unterminated one through.
        Matcher placeholder = PLACEHOLDER.matcher(text);
        for (int at = text.indexOf("{{"); at >= 0; at = text.indexOf("{{", at + 2)) {
            if (!placeholder.region(at, text.length()).lookingAt()) {
                throw PlanException.of(check, field, "'{{' at position " + (at + 1)
                        + " does not start a placeholder like {{version}}");
            }
            at = placeholder.end() - 2;
        }
        for (String name : placeholders()) {
            if (!known.contains(name)) {
                throw PlanException.of(check, field, "unknown placeholder {{" + name + "}} (known: "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
        // Placeholders are filled in verbatim, inside strings or as a range: check the shape with a neutral stand-in
        // of the same length, so that positions in the message are positions in the text the user wrote.
        String problem = PromQlSyntax.problem(PLACEHOLDER.matcher(text).replaceAll(m -> "x".repeat(m.group().length())));
        if (problem != null) {
            throw PlanException.of(check, field, "not valid PromQL: " + problem);
        }
    }
}
