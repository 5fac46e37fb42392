package io.jenkins.plugins.progressive.engine.flags.store;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;
import java.util.regex.Pattern;

/** Argument checks and API-error translation both stores share; messages name the parameter. */
final class StoreArguments {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final Pattern CONFIG_MAP_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

    private StoreArguments() {
    }

    static <T> T required(T value, String parameter) {
        return Objects.requireNonNull(value, parameter + " must not be null");
    }

    static String namespace(String value) {
        if (value == null || value.length() > 63 || !LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException("namespace: '" + value + "' is not a valid namespace name "
                    + "(lower-case letters, digits and '-', at most 63 characters)");
        }
        return value;
    }

    static String objectName(String value, String parameter) {
        if (value == null || value.length() > 253 || !SUBDOMAIN.matcher(value).matches()) {
            throw new IllegalArgumentException(parameter + ": '" + value + "' is not a valid object name "
                    + "(lower-case letters, digits, '-' and '.', at most 253 characters)");
        }
        return value;
    }

    static String configMapKey(String value) {
        if (value == null || value.length() > 253 || !CONFIG_MAP_KEY.matcher(value).matches()) {
            throw new IllegalArgumentException("key: '" + value + "' is not a valid ConfigMap key "
                    + "(letters, digits, '-', '_' and '.', at most 253 characters)");
        }
        return value;
    }

    /**
     * 409 is a lost race (stale resourceVersion, or a create that someone else's create beat); so is 404 on an update
     * (deleted since it was read): the next read finds no object and creates it.
     *
     * @param action what was being done, e.g. {@code updating}
     */
    static FlagStoreException translate(String what, String action, KubernetesClientException e) {
        if (e.getCode() == 409 || e.getCode() == 404 && "updating".equals(action)) {
            return new FlagStoreConflictException(what + " was changed by someone else while " + action
                    + " it (409 Conflict); nothing was written", e);
        }
        String status = e.getStatus() != null ? e.getStatus().getMessage() : null;
        return new FlagStoreException(action + " " + what + " failed"
                + (e.getCode() > 0 ? ": the API server answered " + e.getCode() : "")
                + ": " + (status != null ? status : e.getMessage()), e);
    }
}
