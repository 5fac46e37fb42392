package io.jenkins.plugins.progressive.sandbox.prometheus;

import java.nio.file.Path;

/**
 * The generated {@code prometheus.yml}: one job that scrapes every target listed in the
 * {@code *.json} files of one directory (one file per {@code Workloads} instance), every second.
 */
record PrometheusConfig(Path targetsDirectory) {

    static final String JOB = "sandbox-workloads";

    String render() {
        // honor_labels: the app's own service/version labels win over the file_sd target labels
        // (they carry the same values; without it Prometheus would add exported_service etc.).
        return """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: %s
                    honor_labels: true
                    file_sd_configs:
                      - files: ['%s']
                        refresh_interval: 1s
                """.formatted(JOB, targetsDirectory.toAbsolutePath().resolve("*.json"));
    }
}
