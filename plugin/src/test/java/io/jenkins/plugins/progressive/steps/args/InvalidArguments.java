package io.jenkins.plugins.progressive.steps.args;

import static io.jenkins.plugins.progressive.steps.args.InvalidValues.bool;
import static io.jenkins.plugins.progressive.steps.args.InvalidValues.condition;
import static io.jenkins.plugins.progressive.steps.args.InvalidValues.duration;
import static io.jenkins.plugins.progressive.steps.args.InvalidValues.name;
import static io.jenkins.plugins.progressive.steps.args.InvalidValues.notAMap;
import static io.jenkins.plugins.progressive.steps.args.InvalidValues.percentage;
import static io.jenkins.plugins.progressive.steps.args.InvalidValues.query;
import static io.jenkins.plugins.progressive.steps.args.InvalidValues.regex;
import static io.jenkins.plugins.progressive.steps.args.InvalidValues.wholeNumber;
import static io.jenkins.plugins.progressive.steps.args.InvalidValues.word;

import io.jenkins.plugins.progressive.engine.flags.ops.FlagStepParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Invalid arguments for each step: its {@link ValidArguments} with one to three parameters set to values that kind of
 * parameter must refuse (wrong types, nulls, huge/negative/NaN numbers, bad units, unknown keys, bad names, regexes,
 * queries and conditions). Each case remembers what it changed, so a refusal can be checked against it.
 */
final class InvalidArguments {
    static final List<String> STEPS = List.of("rollingUpdate", "blueGreenDeploy", "canaryStage", "flagToggle");
    private static final int MAX = Integer.MAX_VALUE;

    private InvalidArguments() {}

    /** Sets {@code value} at {@code path} ({@code analysis.count}, {@code steps[3].setHeaderRoute.value}). */
    record Mutation(String path, Object value) {
        String root() {
            return path.split("[.\\[]", 2)[0];
        }

        @Override
        public String toString() {
            String shown = value == null ? "null" : value.getClass().getSimpleName() + " " + Args.clip(String.valueOf(value));
            return path + " = " + shown;
        }
    }

    /** A step's arguments with the mutations that applied (a later one may find its container replaced). */
    record Case(String step, Map<String, Object> arguments, List<Mutation> mutations) {
        Set<String> roots() {
            Set<String> roots = new LinkedHashSet<>();
            mutations.forEach(m -> roots.add(m.root()));
            return roots;
        }

        @Override
        public String toString() {
            return step + " with " + mutations;
        }
    }

    static Arbitrary<Case> cases(String step) {
        return mutations(step).list().ofMinSize(1).ofMaxSize(3).map(list -> apply(step, list));
    }

    static Case apply(String step, List<Mutation> mutations) {
        Map<String, Object> arguments = ValidArguments.of(step);
        List<Mutation> applied = new ArrayList<>();
        for (Mutation mutation : mutations) {
            if (ArgumentPaths.set(arguments, mutation.path(), mutation.value())) {
                applied.add(mutation);
            }
        }
        return new Case(step, arguments, applied);
    }

    static Arbitrary<Mutation> mutations(String step) {
        List<Arbitrary<Mutation>> slots = switch (step) {
            case "rollingUpdate" -> rollingUpdate();
            case "blueGreenDeploy" -> blueGreenDeploy();
            case "canaryStage" -> canaryStage();
            default -> flagToggle();
        };
        return Arbitraries.oneOf(slots);
    }

    private static List<Arbitrary<Mutation>> rollingUpdate() {
        List<Arbitrary<Mutation>> slots = new ArrayList<>(List.of(
                slot("deployment", Arbitraries.oneOf(List.of(name(), Arbitraries.just(null)))),
                slot("namespace", name()),
                slot("images", notAMap()),
                slot("images.app", Arbitraries.of("", "a b:1", null, Map.of("a", 1))),
                slot("maxSurge", Arbitraries.of("abc", "150%", "-1", "1.5", "9999999", Map.of("a", 1))),
                slot("minReadySeconds", wholeNumber(0, MAX)),
                slot("progressDeadlineSeconds", wholeNumber(1, MAX)),
                slot("batches", Arbitraries.of(list("150%", "100%"), list("50%", "25%", "100%"), list("abc"),
                        list("0%", "100%"), list("50%"), Arrays.asList("50%", null), Map.of("a", 1))),
                slot("healthChecks[0].path", Arbitraries.of("healthz", "", Map.of("a", 1))),
                slot("healthChecks[0].port", Arbitraries.of("0", "70000", "http_port!", "", "-1")),
                slot("healthChecks[0].expectedStatus", wholeNumber(100, 599)),
                slot("autoRollback", bool()),
                slot("onInconclusive", word("ROLLBACK", "PAUSE")),
                slot("preHook.timeout", duration()),
                slot("preHook.backoffLimit", wholeNumber(0, MAX)),
                slot("preHook.image", Arbitraries.of("", null)),
                unknown("", RollingArgs.KEYS), unknown("preHook", "image", "command", "env", "serviceAccount",
                        "manifest", "timeout", "backoffLimit", "namePrefix"),
                unknown("healthChecks[0]", "service", "port", "path", "expectedStatus", "bodyContains", "timeout")));
        slots.addAll(analysis("analysis"));
        return slots;
    }

    private static List<Arbitrary<Mutation>> blueGreenDeploy() {
        List<Arbitrary<Mutation>> slots = new ArrayList<>(List.of(
                slot("app", Arbitraries.oneOf(List.of(name(), Arbitraries.just(null)))),
                slot("images.app", Arbitraries.of("", "a b:1", null)),
                slot("activeServices", Arbitraries.of(list("Bad_Name"), "Bad_Name", Map.of("a", 1), list(Map.of("a", 1)))),
                slot("previewService", name()),
                slot("previewReplicas", wholeNumber(1, MAX)),
                slot("healthChecks[0].path", Arbitraries.of("healthz", "")),
                slot("approval", notAMap()),
                slot("approval.timeout", duration()),
                slot("approval.onTimeout", word("APPROVED", "REJECTED")),
                slot("approval.approvers", Arbitraries.of(Map.of("a", 1), Arrays.asList("alice", null))),
                slot("scaleDownDelay", duration()),
                slot("progressDeadline", duration()),
                slot("previewTest.backoffLimit", wholeNumber(0, MAX)),
                slot("previewTest.timeout", duration()),
                slot("postSwitch.checks.errorRate.condition", Arbitraries.of("< 200%", "< 1.5", "> -1")),
                unknown("", BlueGreenArgs.KEYS), unknown("approval", "approvers", "timeout", "onTimeout", "title")));
        slots.addAll(analysis("prePromotion"));
        slots.addAll(analysis("postSwitch"));
        return slots;
    }

    private static List<Arbitrary<Mutation>> canaryStage() {
        List<Arbitrary<Mutation>> slots = new ArrayList<>(List.of(
                slot("app", Arbitraries.oneOf(List.of(name(), Arbitraries.just(null)))),
                slot("images", notAMap()),
                slot("router", Arbitraries.of("istio", Map.of("linkerd", "feed"), Map.of("istio", "feed", "nginx", "x"),
                        list("istio"))),
                slot("router.istio", name()),
                slot("steps", Arbitraries.of("5,25,100", Map.of("a", 1), list(), list(50, 25), list(5, "x", 100))),
                slot("steps", Arbitraries.oneOf(List.of(wholeNumber(0, 100), Arbitraries.just(null)))
                        .map(bad -> Arrays.asList(5, bad, 100))),
                slot("steps[0].setWeight", Arbitraries.oneOf(List.of(wholeNumber(0, 100), Arbitraries.just(null)))),
                slot("steps[1].pause", duration()),
                slot("steps[3].setHeaderRoute.value", regex()),
                slot("steps[3].setHeaderRoute.name", name()),
                slot("steps[3].setHeaderRoute.header", Arbitraries.of("x user", "", "x:y", Map.of("a", 1))),
                slot("steps[3].setHeaderRoute.match", word("EXACT", "PREFIX", "REGEX")),
                slot("steps[5].approval.timeout", duration()),
                slot("steps[5].approval.onTimeout", word("APPROVED", "REJECTED")),
                slot("steps[4]", Arbitraries.of(Map.of("setWeight", 60, "pause", "1m"), Map.of("jump", 3), Map.of())),
                slot("backgroundFrom", Arbitraries.oneOf(List.of(wholeNumber(0, 5), Arbitraries.of(6, 100)))),
                slot("canaryReplicas", wholeNumber(1, MAX)),
                unknown("", CanaryArgs.KEYS), unknown("steps[3].setHeaderRoute", "name", "header", "cookie", "value",
                        "match")));
        slots.addAll(analysis("steps[2].analysis"));
        slots.addAll(analysis("background"));
        return slots;
    }

    private static List<Arbitrary<Mutation>> flagToggle() {
        Set<String> known = new HashSet<>(FlagStepParameters.STEP_KEYS);
        known.addAll(List.of("segments", "create", "variants", "defaultVariant", "rules", "percentage", "variant",
                "otherVariant", "bucketBy", "ramp", "experiment", "lifecycle", "enabled", "killSwitch", "archive",
                "flag", "operations", "testUsers", "dryRun", "analytics"));
        return List.of(
                slot("configMap", name()),
                slot("key", Arbitraries.of("bad key!", "", "a/b", "a".repeat(300))),
                slot("flag", Arbitraries.of("has space", "", "a".repeat(300), 5, Map.of("a", 1), list("f"))),
                slot("create", Arbitraries.of(false, "yes", 3, Map.of("a", 1))),
                slot("percentage", percentage()),
                slot("variant", Arbitraries.of("has space", "", 5, Map.of("a", 1))),
                slot("ramp", notAMap()),
                slot("ramp.steps", wholeNumber(1, 100).filter(v -> !(v instanceof String))),
                slot("ramp.from", percentage()),
                slot("ramp.start", Arbitraries.of("tomorrow", "", 5, "2026-13-01T00:00:00Z")),
                slot("ramp.end", Arbitraries.of("2026-11-01T00:00:00Z", "x", 5)),
                slot("rules", Arbitraries.of("all", Map.of("a", 1), list("x"))),
                slot("rules[0].variant", Arbitraries.of("has space", "", 5)),
                slot("rules[0].users", Arbitraries.of("alice", list(5), Map.of("a", 1))),
                slot("lifecycle.owner", Arbitraries.of(5, Map.of("a", 1), list("x"))),
                slot("testUsers", Arbitraries.of("qa-1", list(5), list(Map.of("a", 1)))),
                unknown("", known.toArray(String[]::new)), unknown("ramp", "from", "start", "end", "steps"),
                unknown("rules[0]", "variant", "users", "segment", "regions", "attribute", "op", "value"));
    }

    /** The timing, limits and checks of an analysis map at {@code at}. */
    private static List<Arbitrary<Mutation>> analysis(String at) {
        return List.of(
                slot(at, notAMap()),
                slot(at + ".count", wholeNumber(0, MAX)),
                slot(at + ".interval", duration()),
                slot(at + ".initialDelay", duration()),
                slot(at + ".window", duration()),
                slot(at + ".failureLimit", wholeNumber(0, MAX)),
                slot(at + ".checks.custom.query", query(ValidArguments.QUERY)),
                slot(at + ".checks.custom.condition", condition()),
                slot(at + ".checks.custom.minRequests", wholeNumber(0, MAX)),
                slot(at + ".checks.errorRate.condition", Arbitraries.oneOf(List.of(condition(),
                        Arbitraries.of("< 1.5", "> 2", "between 0 and 3", "> -0.5")))),
                slot(at + ".checks.errorRate.builtIn", Arbitraries.of("latency", "errors", 5)),
                unknown(at, AnalysisArgs.KEYS),
                unknown(at + ".checks.custom", "builtIn", "query", "condition", "judge", "reduce", "minRequests",
                        "dryRun"));
    }

    private static Arbitrary<Mutation> slot(String path, Arbitrary<?> invalid) {
        return invalid.map(value -> new Mutation(path, value));
    }

    private static Arbitrary<Mutation> unknown(String at, String... known) {
        return InvalidValues.unknownKey(Set.of(known)).flatMap(key -> Arbitraries.of("x", 1, true)
                .map(value -> new Mutation(at.isEmpty() ? key : at + "." + key, value)));
    }

    private static List<Object> list(Object... items) {
        return new ArrayList<>(Arrays.asList(items));
    }
}
