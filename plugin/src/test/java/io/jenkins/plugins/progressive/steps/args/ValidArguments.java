package io.jenkins.plugins.progressive.steps.args;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One valid set of arguments per step, touching most parameters (fresh mutable maps each call), from which the
 * property tests make invalid ones by changing one to three values. Each must parse: the controls check that.
 */
final class ValidArguments {
    static final String QUERY = "sum(rate(http_requests_total{service=\"{{service}}\",version=\"{{version}}\","
            + "code=~\"5..\"}[{{window}}])) / sum(rate(http_requests_total{version=\"{{version}}\"}[{{window}}]))";

    private ValidArguments() {}

    static Map<String, Object> of(String step) {
        return switch (step) {
            case "rollingUpdate" -> rollingUpdate();
            case "blueGreenDeploy" -> blueGreenDeploy();
            case "canaryStage" -> canaryStage();
            default -> flagToggle();
        };
    }

    static Map<String, Object> rollingUpdate() {
        return map("cluster", "sandbox", "deployment", "web", "images", map("app", "shop/web:2.0"),
                "maxSurge", "25%", "maxUnavailable", "0", "minReadySeconds", 5, "progressDeadlineSeconds", 300,
                "batches", list("25%", "100%"),
                "healthChecks", list(map("service", "web", "port", "80", "path", "/healthz", "expectedStatus", 200)),
                "analysis", analysis(), "autoRollback", true, "onInconclusive", "pause",
                "preHook", map("image", "shop/migrate:1.9", "command", list("migrate"), "timeout", "5m",
                        "backoffLimit", 1));
    }

    static Map<String, Object> blueGreenDeploy() {
        return map("app", "shop", "images", map("app", "shop/shop:2.0"), "activeServices", list("shop"),
                "previewService", "shop-preview", "previewReplicas", 2,
                "healthChecks", list(map("port", "80", "path", "/healthz")),
                "prePromotion", analysis(), "approval", map("approvers", list("alice"), "timeout", "2h",
                        "onTimeout", "REJECTED"),
                "postSwitch", analysis(), "scaleDownDelay", "5m", "progressDeadline", "10m",
                "previewTest", map("image", "shop/smoke:1", "command", list("smoke"), "backoffLimit", 0));
    }

    static Map<String, Object> canaryStage() {
        return map("app", "feed", "images", map("app", "shop/feed:2.0"), "router", map("istio", "feed"),
                "steps", list(map("setWeight", 10), map("pause", "1m"), map("analysis", analysis()),
                        map("setHeaderRoute", map("name", "beta", "header", "x-user", "value", "beta-.*",
                                "match", "regex")),
                        map("setWeight", 50), map("approval", map("approvers", list("alice"), "timeout", "1h"))),
                "background", analysis(), "backgroundFrom", 1, "canaryReplicas", 2);
    }

    static Map<String, Object> flagToggle() {
        return map("configMap", "shop-flags", "flag", "new-checkout", "create", true, "percentage", 25,
                "variant", "on", "ramp", map("from", 5, "start", "2026-12-01T09:00:00Z", "end", "2026-12-05T09:00:00Z",
                        "steps", 4),
                "rules", list(map("variant", "on", "users", list("alice"))),
                "lifecycle", map("owner", "team-checkout"), "testUsers", list("qa-1"));
    }

    /** Two checks, a built-in and a custom one, with every timing and limit. */
    static Map<String, Object> analysis() {
        return map("checks", map("errorRate", map("builtIn", true, "condition", "< 2%"),
                        "custom", map("query", QUERY, "condition", "< 0.05", "minRequests", 10)),
                "initialDelay", "30s", "interval", "30s", "count", 3, "window", "1m", "failureLimit", 1,
                "inconclusiveLimit", 1, "consecutiveErrorLimit", 2);
    }

    static Map<String, Object> map(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    static List<Object> list(Object... items) {
        return new ArrayList<>(List.of(items));
    }
}
