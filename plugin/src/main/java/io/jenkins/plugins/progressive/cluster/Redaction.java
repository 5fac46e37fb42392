package io.jenkins.plugins.progressive.cluster;

import java.util.List;

/** Removes secrets from text that is about to be shown, as the last line of defence after choosing safe words. */
public final class Redaction {
    private Redaction() {}

    public static String redact(String text, List<String> secrets) {
        String result = text == null ? "" : text;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                result = result.replace(secret, "****");
            }
        }
        return result;
    }
}
