package io.jenkins.plugins.progressive.engine.analysis;

import java.util.List;
import java.util.Optional;

/**
 * Ready-made checks over the metric names a Kubernetes cluster with the usual exporters has: request metrics
 * labelled {@code service}, {@code version}, {@code code} (our workload convention), cAdvisor's
 * {@code container_*} series and kube-state-metrics' {@code kube_pod_container_resource_*}. Each can be used as is,
 * or with another condition ({@link MetricCheck#withCondition(String)}).
 */
public final class BuiltInChecks {

    private static final String REQUESTS =
            "http_requests_total{namespace=\"{{namespace}}\",service=\"{{service}}\",version=\"{{version}}\"";
    private static final String CONTAINERS =
            "{namespace=\"{{namespace}}\",pod=~\"{{pods}}\",container!=\"\",container!=\"POD\"";

    /** The version's requests in the window; the minimum-traffic guard compares it with {@code minRequests}. */
    public static final QueryTemplate REQUEST_COUNT = new QueryTemplate("sum(increase(" + REQUESTS + "}[{{window}}]))");

    private BuiltInChecks() {
    }

    /**
     * Share of 5xx answers below 1%. {@code or vector(0)} because a version without a single error may have no
     * 5xx series at all, which would make the ratio empty instead of 0; no requests at all still give no data.
     */
    public static MetricCheck errorRate() {
        return MetricCheck.of("errorRate",
                "(sum(rate(" + REQUESTS + ",code=~\"5..\"}[{{window}}])) or vector(0))"
                        + " / sum(rate(" + REQUESTS + "}[{{window}}]))",
                "< 1%");
    }

    /** 99th percentile of request duration below 200 ms; no traffic gives NaN, which is inconclusive. */
    public static MetricCheck latencyP99() {
        return MetricCheck.of("latencyP99",
                "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{namespace=\"{{namespace}}\","
                        + "service=\"{{service}}\",version=\"{{version}}\"}[{{window}}])))",
                "< 200ms");
    }

    /** CPU used by the version's containers below 80% of what they requested. */
    public static MetricCheck cpu() {
        return MetricCheck.of("cpu",
                "sum(rate(container_cpu_usage_seconds_total" + CONTAINERS + "}[{{window}}]))"
                        + " / sum(kube_pod_container_resource_requests" + CONTAINERS + ",resource=\"cpu\"})",
                "< 80%");
    }

    /** Memory of the version's fullest pod below 85% of its limit: the OOM killer works per pod, not on average. */
    public static MetricCheck memory() {
        return MetricCheck.of("memory",
                "max(sum by (pod) (container_memory_working_set_bytes" + CONTAINERS + "})"
                        + " / sum by (pod) (kube_pod_container_resource_limits" + CONTAINERS + ",resource=\"memory\"}))",
                "< 85%");
    }

    /** The four, in this order: error rate, p99 latency, CPU, memory. */
    public static List<MetricCheck> all() {
        return List.of(errorRate(), latencyP99(), cpu(), memory());
    }

    /** A built-in check by name ({@code errorRate}, {@code latencyP99}, {@code cpu}, {@code memory}). */
    public static Optional<MetricCheck> named(String name) {
        return all().stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
