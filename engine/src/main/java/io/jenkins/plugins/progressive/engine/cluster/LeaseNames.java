package io.jenkins.plugins.progressive.engine.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The name of a workload's Lease: {@code progressive-<kind>-<name>}, e.g. {@code progressive-deployment-web}. It is
 * kept to 63 characters (a DNS label, though a Lease allows a 253-character subdomain) so it reads well in
 * {@code kubectl get leases}; a longer one keeps its start and ends in a hash of the whole, so two long workload
 * names that share a prefix still get different leases.
 */
final class LeaseNames {

    static final int MAX_LENGTH = 63;
    private static final int HASH_LENGTH = 8;
    private static final Pattern KIND = Pattern.compile("[A-Z][A-Za-z0-9]*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    private LeaseNames() {
    }

    /** The lease name for a workload; both parts must have passed {@link #validate}. */
    static String of(String kind, String name) {
        String full = "progressive-" + kind.toLowerCase(Locale.ROOT) + "-" + name;
        if (full.length() <= MAX_LENGTH) {
            return full;
        }
        String head = full.substring(0, MAX_LENGTH - HASH_LENGTH - 1).replaceAll("[-.]+$", "");
        return head + "-" + sha256(full).substring(0, HASH_LENGTH);
    }

    /** Rejects what would make an invalid or misleading lease, naming the parameter. */
    static void validate(String namespace, String kind, String name) {
        require("namespace", namespace, DNS_LABEL, 63, "a DNS label such as shop");
        require("workloadKind", kind, KIND, 63, "a Kubernetes kind such as Deployment");
        require("workloadName", name, DNS_SUBDOMAIN, 253, "a Kubernetes object name such as web");
    }

    private static void require(String parameter, String value, Pattern pattern, int maxLength, String expected) {
        if (value == null || value.length() > maxLength || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(parameter + " must be " + expected + " (at most " + maxLength
                    + " characters), was " + (value == null ? "null" : "\"" + value + "\""));
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
