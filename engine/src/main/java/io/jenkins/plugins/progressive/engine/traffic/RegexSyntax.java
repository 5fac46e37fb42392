package io.jenkins.plugins.progressive.engine.traffic;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Whether a header route's regular expression works in every proxy a route may land on: Java must compile it (the
 * check runs here) and it must stay within RE2, the engine of Envoy (Istio, most Gateway API implementations), which
 * refuses what needs backtracking: backreferences ({@code \1}, {@code \k<name>}), lookaround ({@code (?=},
 * {@code (?!}, {@code (?<=}, {@code (?<!}), atomic groups {@code (?>}, possessive quantifiers ({@code a*+}) and the
 * anchors and classes only Java/PCRE know ({@code \G}, {@code \Z}, {@code \R}, {@code \X}, {@code \h}, {@code \H}).
 * Found only when the proxy's admission refused the route, these would fail a canary after traffic already moved.
 * RE2's own {@code (?P<name>…)} is not Java syntax and is refused too: write {@code (?<name>…)} or no name.
 */
final class RegexSyntax {

    private RegexSyntax() {
    }

    /** @return what is wrong with {@code regex}, or null when every proxy accepts it */
    static String problem(String regex) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            return "'" + regex + "' is not a valid regular expression: " + e.getDescription()
                    + (e.getIndex() < 0 ? "" : e.getIndex() >= regex.length() ? " at the end"
                            : " at position " + (e.getIndex() + 1));
        }
        String unsupported = re2Lacks(regex);
        return unsupported == null ? null : "'" + regex + "' uses " + unsupported
                + ", which RE2 (Envoy, Istio, Gateway API) does not support";
    }

    /** The first construct RE2 lacks, described, or null. Java compiled it, so escapes and classes are well formed. */
    private static String re2Lacks(String regex) {
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            char next = i + 1 < regex.length() ? regex.charAt(i + 1) : 0;
            if (c == '\\') {
                if (!inClass && next >= '1' && next <= '9') {
                    return "a backreference (\\" + next + ")";
                }
                if (!inClass && next == 'k') {
                    return "a named backreference (\\k)";
                }
                if ("GZRXhH".indexOf(next) >= 0 && next != 0) {
                    return "\\" + next;
                }
                if (next == 'Q') {
                    int end = regex.indexOf("\\E", i + 2);
                    i = end < 0 ? regex.length() : end + 1;
                    continue;
                }
                i++;
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
                continue;
            }
            if (c == '[') {
                inClass = true;
                // a ']' right after '[' or '[^' is a literal, not the end of the class
                if (next == '^') {
                    i++;
                }
                if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
                    i++;
                }
                continue;
            }
            if (c == '(' && next == '?') {
                String rest = regex.substring(i + 2);
                if (rest.startsWith("=") || rest.startsWith("!")) {
                    return "lookahead (?" + rest.charAt(0) + "…)";
                }
                if (rest.startsWith("<=") || rest.startsWith("<!")) {
                    return "lookbehind (?" + rest.substring(0, 2) + "…)";
                }
                if (rest.startsWith(">")) {
                    return "an atomic group (?>…)";
                }
            }
            if ((c == '*' || c == '+' || c == '?' || c == '}') && next == '+') {
                return "a possessive quantifier (" + c + "+)";
            }
        }
        return null;
    }
}
