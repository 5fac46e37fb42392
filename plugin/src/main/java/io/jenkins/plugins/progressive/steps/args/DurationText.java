package io.jenkins.plugins.progressive.steps.args;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Jenkinsfile authors write them, the way Prometheus and Argo Rollouts spell them: {@code 30s},
 * {@code 1m}, {@code 2h30m}, {@code 500ms}, {@code 1d}; a bare number is seconds.
 */
public final class DurationText {
    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private DurationText() {}

    public static Duration parse(String path, Object value) {
        if (value instanceof Number number) {
            if (number.doubleValue() < 0) {
                throw new StepArgumentException(path, "must not be negative, was " + number);
            }
            return Duration.ofMillis(Math.round(number.doubleValue() * 1000));
        }
        String text = value == null ? "" : value.toString().strip();
        if (text.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        if (!WHOLE.matcher(text).matches()) {
            throw new StepArgumentException(path, "'" + text + "' is not a duration; write e.g. 30s, 5m, 2h30m or 500ms");
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        }
        return total;
    }
}
