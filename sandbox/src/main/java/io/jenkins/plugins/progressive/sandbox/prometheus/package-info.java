/**
 * A real Prometheus for the sandbox: {@link io.jenkins.plugins.progressive.sandbox.prometheus.PrometheusServer}
 * runs the Debian binary on 127.0.0.1, scraping the workloads' file_sd targets every second, and
 * {@link io.jenkins.plugins.progressive.sandbox.prometheus.PrometheusQueryClient} reads single values
 * back for tests and demos.
 */
package io.jenkins.plugins.progressive.sandbox.prometheus;
