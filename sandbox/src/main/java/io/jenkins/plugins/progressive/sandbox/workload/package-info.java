/**
 * Workloads of the sandbox cluster: every READY pod becomes a real HTTP server on 127.0.0.1 that
 * answers "traffic" with the error rate and latency of its version and exports Prometheus metrics,
 * including the CPU, memory, request and limit series a kubelet and kube-state-metrics would have.
 *
 * <p>Start with {@link io.jenkins.plugins.progressive.sandbox.workload.Workloads#start}; change how a
 * version behaves with {@link io.jenkins.plugins.progressive.sandbox.workload.Workloads#setProfile}.
 * Endpoints are published as a Prometheus {@code file_sd} file so a real Prometheus scrapes them.
 */
package io.jenkins.plugins.progressive.sandbox.workload;
