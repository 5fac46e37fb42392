package io.jenkins.plugins.progressive.engine.traffic;

/**
 * Regular expressions for header routes where a proxy offers no native match: a prefix, a cookie inside the
 * {@code Cookie} header. They use only syntax that RE2 (Envoy), PCRE (NGINX) and Java agree on.
 */
final class HeaderPatterns {

    private static final String SPECIAL = "\\.^$|?*+()[]{}";

    private HeaderPatterns() {
    }

    /** A pattern matching exactly {@code literal}; backslash escapes rather than \Q..\E, which not every engine has. */
    static String quote(String literal) {
        StringBuilder quoted = new StringBuilder(literal.length() + 8);
        for (char c : literal.toCharArray()) {
            if (SPECIAL.indexOf(c) >= 0) {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.toString();
    }

    /** Whole values starting with {@code prefix}; anchored, so it also works where a proxy searches rather than matches. */
    static String prefix(String prefix) {
        return "^" + quote(prefix) + ".*";
    }

    /** {@code regex} against the whole value, for proxies that search (NGINX) or whose semantics vary (Gateway API). */
    static String whole(String regex) {
        return "^(?:" + regex + ")$";
    }

    /** A {@code Cookie} header carrying {@code name=value} as one of its cookies. */
    static String cookie(String name, String value) {
        return "^(.*;\\s*)?" + quote(name) + "=" + quote(value) + "(\\s*;.*)?$";
    }

    /** Refuses a REGEX route whose pattern does not compile, before anything is written. */
    static void requireValid(HeaderRoute route) {
        if (route.match() != HeaderRoute.Match.REGEX) {
            return;
        }
        String problem = RegexSyntax.problem(route.value());
        if (problem != null) {
            throw new TrafficRouterException("route " + route.name() + ": " + problem);
        }
    }
}
