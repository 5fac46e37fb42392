package io.jenkins.plugins.progressive.steps.args;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.Reduction;
import io.jenkins.plugins.progressive.engine.notify.NotifyOn;
import io.jenkins.plugins.progressive.engine.analysis.StatisticalJudge;
import io.jenkins.plugins.progressive.engine.approval.ApprovalRequest;
import io.jenkins.plugins.progressive.engine.hooks.HookSpec;
import io.jenkins.plugins.progressive.engine.strategy.bluegreen.BlueGreenPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryStep;
import io.jenkins.plugins.progressive.engine.strategy.stateful.StatefulPlan;
import io.jenkins.plugins.progressive.engine.strategy.rolling.InconclusivePolicy;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingPlan;
import io.jenkins.plugins.progressive.engine.traffic.HeaderRoute;
import io.jenkins.plugins.progressive.engine.traffic.RouterSpec;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The step arguments exactly as the docs' Jenkinsfile examples write them, turned into engine plans. */
class StepArgsTest {
    private static final StepDefaults DEFAULTS = new StepDefaults("shop", "https://ci.example/job/web/7/", List.of("release-managers"));

    @Test
    void theRollingUpdateExampleOfTheDocsBecomesItsPlan() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("cluster", "prod-eu-west");
        args.put("deployment", "checkout");
        args.put("images", Map.of("app", "registry.example.com/shop/checkout:1.5"));
        args.put("maxSurge", "25%");
        args.put("maxUnavailable", "0");
        args.put("minReadySeconds", 10);
        args.put("progressDeadlineSeconds", 300);
        args.put("batches", List.of("10%", "50%", 100));
        args.put("healthChecks", List.of(Map.of("service", "checkout", "port", "80", "path", "/healthz",
                "expectedStatus", 200, "bodyContains", "ok")));
        args.put("analysis", Map.of("checks", new LinkedHashMap<>(Map.of(
                "errorRate", Map.of("builtIn", true),
                "latencyP99", Map.of("builtIn", true, "condition", "< 300ms"))),
                "initialDelay", "1m", "interval", "30s", "count", 4, "minRequests", 200));
        args.put("preHook", Map.of("image", "registry.example.com/shop/migrate:1.9", "command", List.of("migrate", "expand")));
        args.put("onInconclusive", "pause");

        RollingPlan plan = RollingArgs.plan(args, DEFAULTS);

        assertThat(plan.namespace()).isEqualTo("shop");
        assertThat(plan.deployment()).isEqualTo("checkout");
        assertThat(plan.images()).singleElement().satisfies(i -> assertThat(i.image()).endsWith("checkout:1.5"));
        assertThat(plan.parameters().maxSurge()).isEqualTo("25%");
        assertThat(plan.parameters().minReadySeconds()).isEqualTo(10);
        assertThat(plan.batches().percents()).containsExactly(10, 50, 100);
        assertThat(plan.healthChecks()).singleElement().satisfies(h -> {
            assertThat(h.path()).isEqualTo("/healthz");
            assertThat(h.bodyContains()).isEqualTo("ok");
        });
        assertThat(plan.analysis().checks()).extracting(c -> c.name()).containsExactlyInAnyOrder("errorRate", "latencyP99");
        assertThat(plan.analysis().checks()).allSatisfy(c -> assertThat(c.minRequests()).isEqualTo(200));
        assertThat(plan.analysis().timing().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(plan.analysis().timing().initialDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(plan.preHook().phase()).isEqualTo(HookSpec.Phase.PRE);
        assertThat(plan.onInconclusive()).isEqualTo(InconclusivePolicy.PAUSE);
        assertThat(plan.changeCause()).isEqualTo("https://ci.example/job/web/7/");
        assertThat(plan.holder()).isEqualTo("https://ci.example/job/web/7/");
    }

    @Test
    void badRollingArgumentsNameTheParameter() {
        assertThatThrownBy(() -> RollingArgs.plan(Map.of("deployment", "web", "images", Map.of("app", "a:1"),
                "batches", List.of("50%", "10%")), DEFAULTS)).hasMessageContaining("batches");
        assertThatThrownBy(() -> RollingArgs.plan(Map.of("deployment", "web", "images", Map.of("app", "a:1"),
                "maxSurj", "1"), DEFAULTS)).hasMessageStartingWith("maxSurj: unknown parameter");
        assertThatThrownBy(() -> RollingArgs.plan(Map.of("images", Map.of("app", "a:1")), DEFAULTS))
                .hasMessage("deployment: is required");
        assertThatThrownBy(() -> RollingArgs.plan(Map.of("deployment", "web", "images", Map.of("app", "a:1"),
                "analysis", Map.of("checks", Map.of("errorRate", Map.of("builtIn", true, "condition", "< 5xs")))), DEFAULTS))
                .hasMessageContaining("errorRate").hasMessageContaining("condition");
        assertThatThrownBy(() -> RollingArgs.plan(Map.of("deployment", "web", "images", Map.of("app", "a:1"),
                "analysis", Map.of("checks", Map.of("errorRate", Map.of("builtIn", true)), "interval", "soon")), DEFAULTS))
                .hasMessageStartingWith("analysis.interval: 'soon' is not a duration");
        assertThatThrownBy(() -> RollingArgs.plan(Map.of("deployment", "web", "images", Map.of("app", "a:1"),
                "healthChecks", List.of(Map.of("port", "http", "path", "healthz"))), DEFAULTS))
                .hasMessageStartingWith("healthChecks[0]: path must start with /");
        assertThatThrownBy(() -> RollingArgs.plan(Map.of("deployment", "web", "images", Map.of("app", "a:1"),
                "onInconclusive", "IGNORE"), DEFAULTS)).hasMessage("onInconclusive: must be ROLLBACK or PAUSE, was 'IGNORE'");
        assertThatThrownBy(() -> RollingArgs.plan(Map.of("deployment", "web", "images", Map.of("app", "a:1"),
                "minReadySeconds", "ten"), DEFAULTS)).hasMessageStartingWith("minReadySeconds: expected a whole number");
    }

    @Test
    void theBlueGreenExampleBecomesItsPlanWithTheClustersApprovers() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("namespace", "payments");
        args.put("app", "checkout");
        args.put("images", Map.of("app", "registry.example.com/shop/checkout:2.0"));
        args.put("activeServices", List.of("checkout", "checkout-internal"));
        args.put("healthChecks", List.of(Map.of("port", "80", "path", "/healthz")));
        args.put("prePromotion", Map.of("checks", Map.of("latencyP99", Map.of("builtIn", true)), "interval", "30s", "count", 3));
        args.put("approval", Map.of("timeout", "2h", "onTimeout", "REJECTED"));
        args.put("postSwitch", Map.of("checks", Map.of("errorRate", Map.of("builtIn", true)), "interval", "30s", "count", 10));
        args.put("scaleDownDelay", "5m");

        BlueGreenPlan plan = BlueGreenArgs.plan(args, DEFAULTS);

        assertThat(plan.namespace()).isEqualTo("payments");
        assertThat(plan.activeServices()).containsExactly("checkout", "checkout-internal");
        assertThat(plan.approval().approvers()).containsExactly("release-managers");
        assertThat(plan.approval().timeout()).isEqualTo(Duration.ofHours(2));
        assertThat(plan.approval().onTimeout()).isEqualTo(ApprovalRequest.Decision.REJECTED);
        assertThat(plan.postSwitch().timing().count()).isEqualTo(10);
        assertThat(plan.scaleDownDelay()).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> BlueGreenArgs.plan(Map.of("app", "web", "images", Map.of("app", "a:1"),
                "approval", Map.of("onTimeout", "MAYBE")), DEFAULTS))
                .hasMessage("approval.onTimeout: must be APPROVED or REJECTED, was 'MAYBE'");
    }

    @Test
    void canaryStepsAreWeightsOrExplicitSteps() {
        CanaryPlan seed = CanaryArgs.plan(Map.of("app", "feed", "images", Map.of("app", "shop/feed:2"),
                "router", Map.of("gatewayApi", "feed"), "steps", List.of(5, 25, 50, 100)), DEFAULTS);
        assertThat(seed.routerKind()).isEqualTo(RouterSpec.Kind.GATEWAY_API);
        assertThat(seed.routerObject()).isEqualTo("feed");
        assertThat(seed.steps()).hasSize(7);
        assertThat(seed.finalWeight()).isEqualTo(100);

        CanaryPlan explicit = CanaryArgs.plan(Map.of("app", "feed", "images", Map.of("app", "shop/feed:2"),
                "router", Map.of("istio", "feed"), "steps", List.of(
                        Map.of("setHeaderRoute", Map.of("name", "feed-v2", "header", "x-experiment", "value", "feed-v2")),
                        Map.of("setWeight", 5),
                        Map.of("analysis", Map.of("checks", Map.of("errorVsStable", Map.of("builtIn", "errorRate",
                                "condition", "<= baseline + 0.5%", "reduce", "max")), "interval", "30s", "count", 4)),
                        Map.of("pause", "10m"),
                        Map.of("setWeight", 25), Map.of("approval", Map.of("approvers", List.of("alice"), "timeout", "4h")),
                        Map.of("setWeight", 50), Map.of("pause", List.of()), Map.of("setWeight", 100)),
                "background", Map.of("checks", Map.of("errorRate", Map.of("builtIn", true)), "interval", "1m"),
                "backgroundFrom", 1), DEFAULTS);
        assertThat(explicit.steps().get(0)).isInstanceOfSatisfying(CanaryStep.SetHeaderRoute.class,
                s -> assertThat(s.route()).isEqualTo(new HeaderRoute("feed-v2", false, "x-experiment", "feed-v2", HeaderRoute.Match.EXACT)));
        assertThat(explicit.steps().get(2)).isInstanceOfSatisfying(CanaryStep.Analysis.class, a -> {
            assertThat(a.plan().checks().get(0).reduction()).isEqualTo(Reduction.MAX);
            assertThat(a.plan().checks().get(0).condition().isComparative()).isTrue();
        });
        assertThat(explicit.steps().get(3)).isEqualTo(new CanaryStep.Pause(Duration.ofMinutes(10)));
        assertThat(explicit.steps().get(5)).isInstanceOfSatisfying(CanaryStep.Approval.class, a -> {
            assertThat(a.request().id()).isEqualTo("step-6");
            assertThat(a.request().approvers()).containsExactly("alice");
        });
        assertThat(explicit.steps().get(7)).isEqualTo(new CanaryStep.Pause(null));
        assertThat(explicit.background()).isNotNull();
        assertThat(explicit.backgroundFrom()).isEqualTo(1);
    }

    @Test
    void badCanaryArgumentsNameTheStep() {
        assertThatThrownBy(() -> CanaryArgs.plan(Map.of("app", "feed", "images", Map.of("app", "a:1"),
                "steps", List.of(Map.of("setWeight", 5), Map.of("stepWeight", 10))), DEFAULTS))
                .hasMessageStartingWith("steps[1].stepWeight: unknown parameter");
        assertThatThrownBy(() -> CanaryArgs.plan(Map.of("app", "feed", "images", Map.of("app", "a:1"),
                "steps", List.of(50, 25)), DEFAULTS)).hasMessageContaining("weights must not decrease");
        assertThatThrownBy(() -> CanaryArgs.plan(Map.of("app", "feed", "images", Map.of("app", "a:1"),
                "router", Map.of("istio", "vs", "nginx", "in"), "steps", List.of(100)), DEFAULTS))
                .hasMessageStartingWith("router: name one router");
        assertThatThrownBy(() -> CanaryArgs.plan(Map.of("app", "feed", "images", Map.of("app", "a:1"),
                "steps", List.of(Map.of("setHeaderRoute", Map.of("name", "x", "value", "y")))), DEFAULTS))
                .hasMessage("steps[0].setHeaderRoute: give either header or cookie");
    }

    @Test
    void aJudgedCheckTakesKayentasDefaultsAndItsOwnSettings() {
        AnalysisPlan plan = AnalysisArgs.plan("analysis", Map.of("checks", new LinkedHashMap<>(Map.of(
                "latencyVsStable", Map.of("query", "avg(latency{version=\"{{version}}\"})", "judge", "increase"),
                "errorsVsStable", Map.of("builtIn", "errorRate", "judge", Map.of("direction", "either",
                        "tolerance", "10%", "margin", "0.2%", "confidence", 0.99, "lookback", "10m", "step", "30s",
                        "outliers", 0, "minSamples", 15))))));

        StatisticalJudge plain = plan.checks().stream().filter(c -> c.name().equals("latencyVsStable")).findFirst()
                .orElseThrow().judge().orElseThrow();
        assertThat(plain).isEqualTo(StatisticalJudge.DEFAULT);
        StatisticalJudge set = plan.checks().stream().filter(c -> c.name().equals("errorsVsStable")).findFirst()
                .orElseThrow().judge().orElseThrow();
        assertThat(set).isEqualTo(new StatisticalJudge(StatisticalJudge.Direction.EITHER, 0.1, 0.002, 0.99,
                Duration.ofMinutes(10), Duration.ofSeconds(30), 0, 15));
        assertThat(plan.isComparative()).isTrue();
    }

    @Test
    void badJudgeSettingsNameTheirParameter() {
        assertThatThrownBy(() -> judged(Map.of("query", "q", "judge", "worse")))
                .hasMessage("analysis.checks.lat.judge: must be increase, decrease or either, was 'worse'");
        assertThatThrownBy(() -> judged(Map.of("query", "q", "judge", Map.of("confidence", "100%"))))
                .hasMessageStartingWith("analysis.checks.lat.judge.confidence: must be above 50% and below 100%");
        assertThatThrownBy(() -> judged(Map.of("query", "q", "judge", Map.of("tolerance", "lots"))))
                .hasMessageStartingWith("analysis.checks.lat.judge.tolerance: ");
        assertThatThrownBy(() -> judged(Map.of("query", "q", "judge", Map.of("lookback", "1m", "step", "10s"))))
                .hasMessageStartingWith("analysis.checks.lat.judge.minSamples: 10 is more than the 7 points");
        assertThatThrownBy(() -> judged(Map.of("query", "q", "judge", Map.of("windowSize", "1m"))))
                .hasMessageStartingWith("analysis.checks.lat.judge.windowSize: unknown parameter (known: confidence, ");
        assertThatThrownBy(() -> judged(Map.of("query", "q", "condition", "< 1", "judge", "increase")))
                .hasMessage("analysis.checks.lat.judge: give either a condition or a judge, not both");
        assertThatThrownBy(() -> judged(Map.of("query", "q", "judge", "increase", "reduce", "max")))
                .hasMessageStartingWith("analysis.checks.lat.reduce: a judged check compares every point");
    }

    private static AnalysisPlan judged(Map<String, Object> check) {
        return AnalysisArgs.plan("analysis", Map.of("checks", Map.of("lat", check)));
    }

    @Test
    void aCanaryTestJobIsAStepWithItsOwnHookSettingsAndErrorsNamedByPosition() {
        CanaryPlan plan = CanaryArgs.plan(Map.of("app", "feed", "images", Map.of("app", "a:1"), "steps", List.of(
                Map.of("setWeight", 10),
                Map.of("job", Map.of("image", "shop/smoke:1.4", "command", List.of("./smoke", "--quick"),
                        "timeout", "3m", "backoffLimit", 1)),
                Map.of("setWeight", 100))), DEFAULTS);

        assertThat(plan.steps().get(1)).isInstanceOf(CanaryStep.TestJob.class);
        HookSpec job = ((CanaryStep.TestJob) plan.steps().get(1)).job();
        assertThat(job.phase()).isEqualTo(HookSpec.Phase.STEP);
        assertThat(job.timeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(job.backoffLimit()).isEqualTo(1);
        assertThat(job.namePrefix()).isEqualTo("release-test");
        assertThat(plan.steps().get(1).describe()).isEqualTo("test Job: shop/smoke:1.4 ./smoke --quick (timeout 180 s)");

        assertThatThrownBy(() -> CanaryArgs.plan(Map.of("app", "feed", "images", Map.of("app", "a:1"), "steps",
                List.of(Map.of("job", Map.of("image", "Shop Smoke", "command", List.of("x"))))), DEFAULTS))
                .hasMessageStartingWith("steps[0].job.template.image: 'Shop Smoke' is not a valid image reference");
        assertThatThrownBy(() -> CanaryArgs.plan(Map.of("app", "feed", "images", Map.of("app", "a:1"), "steps",
                List.of(Map.of("job", Map.of("image", "shop/smoke:1", "command", List.of("x"), "timeout", "0s")))),
                DEFAULTS)).hasMessageStartingWith("steps[0].job.timeout: must be positive");
        assertThatThrownBy(() -> CanaryArgs.plan(Map.of("app", "feed", "images", Map.of("app", "a:1"), "steps",
                List.of(Map.of("job", Map.of("image", "shop/smoke:1", "cmd", List.of("x"))))), DEFAULTS))
                .hasMessageStartingWith("steps[0].job.cmd: unknown parameter");
    }

    @Test
    void aBlueGreenPreviewTestIsATestJobNamedByItsParameter() {
        BlueGreenPlan plan = BlueGreenArgs.plan(Map.of("app", "checkout", "images", Map.of("app", "a:1"),
                "previewTest", Map.of("image", "shop/smoke:4", "command", List.of("./smoke"), "timeout", "2m")), DEFAULTS);
        assertThat(plan.previewTest().phase()).isEqualTo(HookSpec.Phase.STEP);
        assertThat(plan.previewTest().timeout()).isEqualTo(Duration.ofMinutes(2));

        assertThatThrownBy(() -> BlueGreenArgs.plan(Map.of("app", "checkout", "images", Map.of("app", "a:1"),
                "previewTest", Map.of("command", List.of("./smoke"))), DEFAULTS))
                .hasMessage("previewTest.image: is required");
    }

    @Test
    void notifyNamesTheWebhooksCredentialAndTheMomentsAndEveryStepTakesIt() {
        assertThat(NotifyArgs.of(null)).isNull();
        assertThat(NotifyArgs.of(Map.of("credentialsId", "release-webhook")).on())
                .isEqualTo(EnumSet.allOf(NotifyOn.class));
        assertThat(NotifyArgs.of(Map.of("credentialsId", "release-webhook", "on", List.of("approval", "rollback"))))
                .isEqualTo(new NotifyArgs.NotifySettings("release-webhook", EnumSet.of(NotifyOn.APPROVAL,
                        NotifyOn.ROLLED_BACK)));
        assertThat(NotifyArgs.of(Map.of("credentialsId", "hook", "on", "failed")).on()).containsExactly(NotifyOn.FAILED);

        assertThatThrownBy(() -> NotifyArgs.of(Map.of("on", List.of("failed"))))
                .hasMessage("notify.credentialsId: is required");
        assertThatThrownBy(() -> NotifyArgs.of(Map.of("credentialsId", "hook", "on", List.of("failed", "deployed"))))
                .hasMessageStartingWith("notify.on[1]: 'deployed' is not a moment to notify on; use approval, ");
        assertThatThrownBy(() -> NotifyArgs.of(Map.of("credentialsId", "hook", "channel", "#releases")))
                .hasMessageStartingWith("notify.channel: unknown parameter");

        Map<String, Object> notify = Map.of("credentialsId", "hook");
        assertThat(RollingArgs.plan(Map.of("deployment", "web", "images", Map.of("app", "a:1"), "notify", notify),
                DEFAULTS)).isNotNull();
        assertThat(CanaryArgs.plan(Map.of("app", "feed", "images", Map.of("app", "a:1"), "steps", List.of(100),
                "notify", notify), DEFAULTS)).isNotNull();
        assertThat(BlueGreenArgs.plan(Map.of("app", "feed", "images", Map.of("app", "a:1"), "notify", notify),
                DEFAULTS)).isNotNull();
    }

    @Test
    void aStatefulSetIsUpdatedByTheRollingUpdateStepWithItsOwnParametersOnly() {
        StatefulPlan plan = StatefulArgs.plan(Map.of("statefulSet", "kafka", "images", Map.of("broker", "shop/kafka:3.7"),
                "batches", List.of("1", "50%", "100%"), "progressDeadlineSeconds", 300, "autoRollback", false,
                "analysis", Map.of("checks", Map.of("errorRate", Map.of("builtIn", true)))), DEFAULTS);
        assertThat(plan.statefulSet()).isEqualTo("kafka");
        assertThat(plan.batches().percents()).containsExactly(1, 50, 100);
        assertThat(plan.progressDeadline()).isEqualTo(Duration.ofMinutes(5));
        assertThat(plan.autoRollback()).isFalse();
        assertThat(plan.analysisService()).isEqualTo("kafka");
        assertThat(StatefulArgs.applies(Map.of("statefulSet", "kafka"))).isTrue();
        assertThat(StatefulArgs.applies(Map.of("deployment", "web"))).isFalse();

        assertThatThrownBy(() -> StatefulArgs.plan(Map.of("statefulSet", "kafka", "images", Map.of("broker", "k:1"),
                "maxSurge", "25%"), DEFAULTS))
                .hasMessage("maxSurge: applies to Deployments; a StatefulSet is updated one pod at a time by its partition");
        assertThatThrownBy(() -> StatefulArgs.plan(Map.of("statefulSet", "kafka", "deployment", "web",
                "images", Map.of("broker", "k:1")), DEFAULTS))
                .hasMessage("deployment: give either deployment or statefulSet, not both");
        assertThatThrownBy(() -> StatefulArgs.plan(Map.of("statefulSet", "Kafka_Brokers", "images",
                Map.of("broker", "k:1")), DEFAULTS)).hasMessageStartingWith("statefulSet: 'Kafka_Brokers'");
        assertThatThrownBy(() -> StatefulArgs.plan(Map.of("statefulSet", "kafka", "images", Map.of("broker", "k:1"),
                "progressDeadlineSeconds", 0), DEFAULTS)).hasMessage("progressDeadlineSeconds: 0 is outside 1..2147483647");
    }

    @Test
    void durationsReadAsPrometheusWritesThem() {
        assertThat(DurationText.parse("t", "2h30m")).isEqualTo(Duration.ofMinutes(150));
        assertThat(DurationText.parse("t", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("t", 90)).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationText.parse("t", "1d")).isEqualTo(Duration.ofDays(1));
        assertThatThrownBy(() -> DurationText.parse("scaleDownDelay", "5 minutes"))
                .hasMessage("scaleDownDelay: '5 minutes' is not a duration; write e.g. 30s, 5m, 2h30m or 500ms");
    }

    @Test
    void theClustersGateThresholdsApplyWhereAStepGivesNone() {
        StepDefaults strict = new StepDefaults("shop", "https://ci.example/job/web/7/", List.of(),
                io.jenkins.plugins.progressive.cluster.GateDefaults.parse("errorRate < 0.5%\n# comment\nlatencyP99 < 150ms"));
        CanaryPlan seed = CanaryArgs.plan(Map.of("app", "feed", "images", Map.of("app", "shop/feed:2"), "steps", List.of(10, 100)), strict);
        CanaryStep.Analysis gates = (CanaryStep.Analysis) seed.steps().get(1);
        assertThat(gates.plan().checks()).filteredOn(c -> c.name().equals("errorRate")).singleElement()
                .satisfies(c -> assertThat(c.condition().toString()).contains("0.005"));
        RollingPlan own = RollingArgs.plan(Map.of("deployment", "web", "images", Map.of("app", "a:1"), "analysis",
                Map.of("checks", Map.of("errorRate", Map.of("builtIn", true, "condition", "< 2%")))), strict);
        assertThat(own.analysis().checks().get(0).condition().toString()).contains("0.02");
        assertThatThrownBy(() -> io.jenkins.plugins.progressive.cluster.GateDefaults.parse("errorRat < 1%"))
                .hasMessageContaining("errorRat is not a built-in check");
        assertThatThrownBy(() -> io.jenkins.plugins.progressive.cluster.GateDefaults.parse("cpu below 80"))
                .hasMessageStartingWith("'cpu below 80': ");
    }

    @Test
    void aFlagGateIsACanaryStepInTheCanarysNamespaceUnlessItNamesOne() {
        CanaryPlan plan = CanaryArgs.plan(Map.of("app", "feed", "images", Map.of("app", "shop/feed:2"),
                "router", Map.of("gatewayApi", "feed"), "steps", List.of(Map.of("setWeight", 10),
                        Map.of("flagGate", Map.of("featureFlag", "shop-flags", "flag", "new-feed", "variant", "on",
                                "maxPercent", 25)), Map.of("setWeight", 100))), DEFAULTS);
        assertThat(plan.steps().get(1)).isInstanceOf(CanaryStep.FlagGate.class);
        assertThat(plan.steps().get(1).describe()).contains("new-feed").contains("25");
        assertThatThrownBy(() -> CanaryArgs.plan(Map.of("app", "feed", "images", Map.of("app", "a:1"), "steps",
                List.of(Map.of("flagGate", Map.of("featureFlag", "f", "flag", "x", "maxPersent", 5)))), DEFAULTS))
                .hasMessageContaining("maxPersent");
    }
}
