package io.jenkins.plugins.progressive.steps.args;

import io.jenkins.plugins.progressive.steps.args.InvalidArguments.Mutation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Fixed invalid cases: the classes of issue 14 and what the generators turned up, each a step and its mutations of
 * {@link ValidArguments}. They run on every build, whatever the random seed.
 */
final class ArgumentCorpus {
    private ArgumentCorpus() {}

    static List<InvalidArguments.Case> cases() {
        return List.of(
                // integers beyond int: ran as count 1 and as weight 100 before
                c("rollingUpdate", m("analysis.count", 4294967297L)),
                c("canaryStage", m("steps", Arrays.asList(4294967396L))),
                c("canaryStage", m("steps[0].setWeight", new BigInteger("4294967396"))),
                c("blueGreenDeploy", m("previewReplicas", new BigDecimal("2.5"))),
                c("flagToggle", m("ramp.steps", 2.7)),
                c("flagToggle", m("percentage", Double.NaN)),
                c("rollingUpdate", m("analysis.initialDelay", Double.NaN)),
                // durations that overflowed
                c("rollingUpdate", m("analysis.interval", "99999999999999999999s")),
                c("blueGreenDeploy", m("scaleDownDelay", "100000000000000000000")),
                c("blueGreenDeploy", m("scaleDownDelay", "9999999999999999d")),
                // nulls
                c("canaryStage", m("steps", Arrays.asList(5, null, 100))),
                c("canaryStage", m("steps[0].setWeight", null)),
                c("canaryStage", m("steps", Arrays.asList(5, -10, 100))),
                // PromQL: unbalanced, unterminated, one good and one broken placeholder
                c("rollingUpdate", m("analysis.checks.custom.query", "sum(rate(x[5m])")),
                c("blueGreenDeploy", m("prePromotion.checks.custom.query", "rate(x{a=\"b}[1m])")),
                c("blueGreenDeploy", m("postSwitch.checks.custom.query", "rate(x[1m)")),
                c("canaryStage", m("steps[2].analysis.checks.custom.query", "x{v=\"{{version}}\",p=~\"{{pods\"}")),
                c("canaryStage", m("background.checks.custom.query", "sum(x))")),
                // regexes Istio/Envoy would refuse after traffic moved
                c("canaryStage", m("steps[3].setHeaderRoute.value", "(")),
                c("canaryStage", m("steps[3].setHeaderRoute.value", "beta(?!-old)")),
                c("canaryStage", m("steps[3].setHeaderRoute.value", "(a)\\1")),
                // thresholds without meaning
                c("rollingUpdate", m("analysis.checks.errorRate.condition", "< 150%")),
                c("rollingUpdate", m("analysis.checks.errorRate.builtIn", "cpu"),
                        m("analysis.checks.errorRate.condition", "> -10%")),
                c("blueGreenDeploy", m("postSwitch.checks.errorRate.condition", "< 200%")),
                // a map where a number goes, a number where a map goes, a typo
                c("rollingUpdate", m("minReadySeconds", Map.of("a", 1))),
                c("canaryStage", m("router", 5)),
                c("flagToggle", m("percentage", "25")),
                c("rollingUpdate", m("maxSurj", "1")));
    }

    private static InvalidArguments.Case c(String step, Mutation... mutations) {
        return InvalidArguments.apply(step, List.of(mutations));
    }

    private static Mutation m(String path, Object value) {
        return new Mutation(path, value);
    }
}
