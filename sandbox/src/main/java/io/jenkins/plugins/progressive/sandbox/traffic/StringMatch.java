package io.jenkins.plugins.progressive.sandbox.traffic;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Exact, prefix or regular-expression match of a header or path; regexes must match the whole value, as in Envoy. */
record StringMatch(Kind kind, String value) {

    enum Kind { EXACT, PREFIX, REGEX }

    boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return switch (kind) {
            case EXACT -> candidate.equals(value);
            case PREFIX -> candidate.startsWith(value);
            case REGEX -> fullMatch(value, candidate);
        };
    }

    private static boolean fullMatch(String regex, String candidate) {
        try {
            return Pattern.compile(regex).matcher(candidate).matches();
        } catch (PatternSyntaxException invalid) {
            // An invalid regex matches nothing, as a proxy that rejected the rule would.
            return false;
        }
    }
}
