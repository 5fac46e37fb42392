package io.jenkins.plugins.progressive.cluster;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which jobs may use a cluster, as job full-name patterns: {@code prod/*} (the jobs directly in folder prod),
 * {@code prod/**} (anything below prod), {@code shop/checkout} (one job). Several patterns, one per line or
 * comma-separated; none means every job. Production clusters list the folders whose jobs passed review.
 */
public final class JobPatterns {
    private static final Pattern VALID = Pattern.compile("[^\\s,]+");
    private final List<String> items;
    private final List<Pattern> patterns;

    private JobPatterns(List<String> items, List<Pattern> patterns) {
        this.items = items;
        this.patterns = patterns;
    }

    public static JobPatterns parse(@CheckForNull String text) {
        List<String> items = split(text);
        List<Pattern> patterns = new ArrayList<>();
        for (String item : items) {
            patterns.add(Pattern.compile(toRegex(item)));
        }
        return new JobPatterns(items, List.copyOf(patterns));
    }

    /** @return what is wrong with the text, if anything */
    public static Optional<String> problem(@CheckForNull String text) {
        for (String item : split(text)) {
            if (!VALID.matcher(item).matches() || item.startsWith("/") || item.endsWith("/") || item.contains("//")) {
                return Optional.of("'" + item + "' is not a job pattern such as prod/** or team/app");
            }
        }
        return Optional.empty();
    }

    public boolean matches(String jobFullName) {
        return patterns.isEmpty() || patterns.stream().anyMatch(p -> p.matcher(jobFullName).matches());
    }

    /** The patterns as an administrator wrote them, comma-separated; {@code every job} for none. */
    public String describe() {
        return items.isEmpty() ? "every job" : String.join(", ", items);
    }

    private static List<String> split(@CheckForNull String text) {
        if (text == null) {
            return List.of();
        }
        return java.util.Arrays.stream(text.split("[,\\n]")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
