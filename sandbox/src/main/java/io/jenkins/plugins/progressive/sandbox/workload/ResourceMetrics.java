package io.jenkins.plugins.progressive.sandbox.workload;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;

/**
 * The series a cluster has about one pod's resources, exported by the pod itself because the
 * sandbox has no kubelet (cAdvisor) and no kube-state-metrics, with their names and label names:
 * <ul>
 *   <li>{@code container_cpu_usage_seconds_total{namespace,pod,container}}, a counter,</li>
 *   <li>{@code container_memory_working_set_bytes{namespace,pod,container}}, a gauge,</li>
 *   <li>{@code kube_pod_container_resource_requests} and {@code _limits}
 *       {@code {namespace,pod,container,resource,unit}} from the pod spec, cpu in cores, memory in bytes.</li>
 * </ul>
 * The app container (the first) uses what the version's profile says; every other container is a
 * sidecar (mesh proxy, log shipper) whose usage does not change with the app's version, so it uses
 * a small fixed amount. The {@code namespace} and {@code pod} labels carry the same values as the
 * file_sd target labels, so {@code honor_labels} keeps them as they are. cAdvisor's pod-level series
 * ({@code container=""}) is not exported: queries with {@code container!=""} work the same.
 */
final class ResourceMetrics {

    static final double SIDECAR_CORES = 0.01;
    static final long SIDECAR_MEMORY_BYTES = 32L * 1024 * 1024;

    private static final String[] USAGE_LABELS = {"namespace", "pod", "container"};
    private static final String[] SPEC_LABELS = {"namespace", "pod", "container", "resource", "unit"};

    private final String namespace;
    private final String pod;
    private final List<ContainerResources> containers;
    private final List<CpuTime> cpu;
    private volatile VersionProfile profile;

    ResourceMetrics(String namespace, String pod, List<ContainerResources> containers, VersionProfile profile,
                    LongSupplier nanoTime) {
        this.namespace = namespace;
        this.pod = pod;
        this.containers = List.copyOf(containers);
        this.profile = profile;
        this.cpu = IntStream.range(0, this.containers.size())
                .mapToObj(i -> new CpuTime(i == 0 ? profile.cpuCores() : SIDECAR_CORES, nanoTime)).toList();
    }

    /**
     * The version's profile changed: CPU time accrues at the new usage from now on. Pushed rather
     * than polled on scrape, because the counter needs the moment of the change.
     */
    void profileChanged(VersionProfile changed) {
        profile = changed;
        if (!cpu.isEmpty()) {
            cpu.get(0).setCores(changed.cpuCores());
        }
    }

    void register(PrometheusRegistry registry) {
        CounterWithCallback.builder().name("container_cpu_usage_seconds_total")
                .help("Cumulative cpu time consumed in seconds.").labelNames(USAGE_LABELS)
                .callback(callback -> {
                    for (int i = 0; i < containers.size(); i++) {
                        callback.call(cpu.get(i).seconds(), namespace, pod, containers.get(i).container());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("container_memory_working_set_bytes")
                .help("Current working set in bytes.").labelNames(USAGE_LABELS)
                .callback(callback -> {
                    for (int i = 0; i < containers.size(); i++) {
                        double bytes = i == 0 ? profile.memoryBytes() : SIDECAR_MEMORY_BYTES;
                        callback.call(bytes, namespace, pod, containers.get(i).container());
                    }
                }).register(registry);
        specGauge(registry, "kube_pod_container_resource_requests",
                "The number of requested request resource by a container.", ContainerResources::requests);
        specGauge(registry, "kube_pod_container_resource_limits",
                "The number of requested limit resource by a container.", ContainerResources::limits);
    }

    private void specGauge(PrometheusRegistry registry, String name, String help,
                           Function<ContainerResources, Map<ComputeResource, Double>> amounts) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(SPEC_LABELS)
                .callback(callback -> {
                    for (ContainerResources container : containers) {
                        amounts.apply(container).forEach((resource, amount) -> callback.call(amount,
                                namespace, pod, container.container(), resource.key(), resource.unit()));
                    }
                }).register(registry);
    }
}
