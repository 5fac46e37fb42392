package io.jenkins.plugins.progressive.sandbox.workload;

/**
 * The resources a container spec may request and limit that the sandbox exports, with the
 * {@code resource} and {@code unit} label values kube-state-metrics gives them.
 */
enum ComputeResource {
    CPU("cpu", "core"),
    MEMORY("memory", "byte");

    private final String key;
    private final String unit;

    ComputeResource(String key, String unit) {
        this.key = key;
        this.unit = unit;
    }

    /** The key in {@code resources.requests}/{@code limits}, and the {@code resource} label. */
    String key() {
        return key;
    }

    /** The {@code unit} label: the amounts are in whole cores and bytes. */
    String unit() {
        return unit;
    }
}
