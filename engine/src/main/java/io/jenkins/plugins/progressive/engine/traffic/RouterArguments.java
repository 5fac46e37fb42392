package io.jenkins.plugins.progressive.engine.traffic;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;
import java.util.regex.Pattern;

/** Argument checks the routers and {@link RouterSpec} share, with messages that name the parameter. */
final class RouterArguments {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final Pattern SERVICE = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    private RouterArguments() {
    }

    static KubernetesClient client(KubernetesClient client) {
        return Objects.requireNonNull(client, "client must not be null");
    }

    static String namespace(String namespace) {
        return label(namespace, "namespace");
    }

    /** Names of Deployments, Ingresses, HTTPRoutes, VirtualServices: DNS subdomains. */
    static String objectName(String value, String parameter) {
        if (value == null || value.length() > 253 || !SUBDOMAIN.matcher(value).matches()) {
            throw new IllegalArgumentException(parameter + ": '" + value + "' is not a valid object name "
                    + "(lower-case letters, digits, '-' and '.', at most 253 characters)");
        }
        return value;
    }

    /** Service names are DNS-1035 labels: they start with a letter. */
    static String serviceName(String value, String parameter) {
        if (value == null || value.length() > 63 || !SERVICE.matcher(value).matches()) {
            throw new IllegalArgumentException(parameter + ": '" + value + "' is not a valid Service name "
                    + "(a lower-case letter, then letters, digits or '-', at most 63 characters)");
        }
        return value;
    }

    static void distinctServices(String stableService, String canaryService) {
        if (stableService.equals(canaryService)) {
            throw new IllegalArgumentException("canaryService: must differ from stableService, both were '"
                    + stableService + "'");
        }
    }

    static int percent(int canaryPercent) {
        if (canaryPercent < 0 || canaryPercent > 100) {
            throw new IllegalArgumentException("canaryPercent: must be 0..100, was " + canaryPercent);
        }
        return canaryPercent;
    }

    private static String label(String value, String parameter) {
        if (value == null || value.length() > 63 || !LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException(parameter + ": '" + value + "' is not a valid name "
                    + "(lower-case letters, digits and '-', at most 63 characters)");
        }
        return value;
    }
}
