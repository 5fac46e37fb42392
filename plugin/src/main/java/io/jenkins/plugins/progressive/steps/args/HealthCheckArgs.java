package io.jenkins.plugins.progressive.steps.args;

import io.jenkins.plugins.progressive.engine.cluster.HttpHealthCheck;
import java.util.ArrayList;
import java.util.List;

/** {@code healthChecks: [[service: 'web', port: '80', path: '/healthz', expectedStatus: 200, bodyContains: 'ok']]}. */
public final class HealthCheckArgs {
    private HealthCheckArgs() {}

    /**
     * @param defaultService used where a check names no service (blue/green sends every check through its preview
     *     Service anyway)
     */
    public static List<HttpHealthCheck> list(String path, Object value, String defaultService) {
        List<HttpHealthCheck> checks = new ArrayList<>();
        for (Args check : Args.list(path, value)) {
            check.only("service", "port", "path", "expectedStatus", "bodyContains", "timeout");
            String service = check.has("service") ? check.requiredString("service") : defaultService;
            try {
                HttpHealthCheck http = HttpHealthCheck.of(service, check.has("port") ? check.requiredString("port") : "80",
                        check.has("path") ? check.requiredString("path") : "/");
                if (check.has("expectedStatus")) {
                    http = http.withExpectedStatus(check.integer("expectedStatus", 100, 599));
                }
                if (check.has("bodyContains")) {
                    http = http.withBodyContains(check.string("bodyContains"));
                }
                if (check.has("timeout")) {
                    http = http.withTimeout(check.duration("timeout"));
                }
                checks.add(http);
            } catch (IllegalArgumentException e) {
                if (e instanceof StepArgumentException) {
                    throw e;
                }
                throw new StepArgumentException(check.path(), e.getMessage());
            }
        }
        return checks;
    }
}
