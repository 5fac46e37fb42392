package io.jenkins.plugins.progressive.engine.analysis;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The part of PromQL's syntax a typo breaks most often, checked without Prometheus: every {@code (}, {@code [} and
 * {@code {} closed by its partner, every string ({@code "…"}, {@code '…'} with backslash escapes, {@code `…`} raw)
 * terminated. Deliberately not a grammar: Prometheus is the parser (the step's preflight sends each query to it
 * before the first write); this only catches, with a position, what no Prometheus could ever accept, so that a
 * rollout without a reachable Prometheus at parse time still refuses it. {@code #} starts a comment to the end of the
 * line, as in PromQL.
 */
final class PromQlSyntax {

    private PromQlSyntax() {
    }

    /** @return what is wrong, naming the position (1-based), or null when the delimiters and strings are fine */
    static String problem(String query) {
        Deque<Integer> open = new ArrayDeque<>();
        int i = 0;
        while (i < query.length()) {
            char c = query.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                int end = endOfString(query, i);
                if (end < 0) {
                    return "the string starting at position " + (i + 1) + " (" + c + ") is not terminated";
                }
                i = end + 1;
                continue;
            }
            if (c == '#') {
                int newline = query.indexOf('\n', i);
                i = newline < 0 ? query.length() : newline + 1;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                open.push(i);
            } else if (c == ')' || c == ']' || c == '}') {
                if (open.isEmpty()) {
                    return "'" + c + "' at position " + (i + 1) + " closes nothing";
                }
                char opener = query.charAt(open.peek());
                if (partner(opener) != c) {
                    return "'" + c + "' at position " + (i + 1) + " does not close '" + opener + "' at position "
                            + (open.peek() + 1);
                }
                open.pop();
            }
            i++;
        }
        if (!open.isEmpty()) {
            int at = open.peek();
            return "'" + query.charAt(at) + "' at position " + (at + 1) + " is never closed";
        }
        return null;
    }

    /** The index of the closing quote of the string opening at {@code start}, or -1. */
    private static int endOfString(String query, int start) {
        char quote = query.charAt(start);
        for (int i = start + 1; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '\\' && quote != '`') {
                i++;
            } else if (c == quote) {
                return i;
            } else if (c == '\n' && quote != '`') {
                return -1; // PromQL's interpreted strings end at the line
            }
        }
        return -1;
    }

    private static char partner(char opener) {
        return opener == '(' ? ')' : opener == '[' ? ']' : '}';
    }
}
