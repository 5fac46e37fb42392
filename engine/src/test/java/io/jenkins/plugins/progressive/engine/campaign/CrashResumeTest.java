package io.jenkins.plugins.progressive.engine.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The crash test (issue 16): for each strategy, the uninterrupted rollout counts its writes N; then for every k in
 * 1..N a first engine dies right after its k-th write and a fresh engine with the same plan finishes the rollout. Each
 * crashed run must end as the uninterrupted one did, leave every object through the same sequence of changes (so no
 * weight, selector or replica count moves backwards, nothing is scaled down and up again, no template comes back),
 * repeat no write whose effect was already there, and create no extra ReplicaSet.
 * <pre>mvn -B -o -P offline -pl engine test-compile surefire:test -Dtest=CrashResumeTest \
 *     [-Dcrash.strategies=CANARY_GATEWAY_API,ROLLING] [-Dcrash.parallel=4]</pre>
 */
class CrashResumeTest {

    @Test
    void aRolloutKilledAfterAnyOfItsWritesEndsAsTheUninterruptedOneWithoutStepsBackOrRepeatedWrites() throws Exception {
        int parallel = Integer.getInteger("crash.parallel", 4);
        List<CampaignStrategy> strategies = System.getProperty("crash.strategies") == null
                ? List.of(CampaignStrategy.values())
                : Arrays.stream(System.getProperty("crash.strategies").split(",")).map(String::trim)
                        .map(CampaignStrategy::valueOf).toList();
        List<String> failures = new ArrayList<>();
        List<String> table = new ArrayList<>();
        try (Sandbox sandbox = Sandbox.builder().prometheus(Sandbox.PrometheusChoice.NONE).start();
             KubernetesClient admin = sandbox.apiServer().newClient("crash-admin")) {
            CrashRun run = new CrashRun(sandbox, admin);
            ExecutorService runners = Executors.newFixedThreadPool(parallel);
            try {
                List<Future<CrashRun.Result>> baselines = strategies.stream()
                        .map(s -> runners.submit(() -> run.execute(s, "cr-" + s.prefix + "-base", null))).toList();
                List<Future<CrashRun.Result>> crashes = new ArrayList<>();
                List<CrashRun.Result> bases = new ArrayList<>();
                for (Future<CrashRun.Result> future : baselines) {
                    CrashRun.Result base = future.get();
                    bases.add(base);
                    System.out.println(base.strategy() + " uninterrupted, " + base.firstWrites() + " engine writes (leases "
                            + "and pods included), these to objects:\n" + base.history().describe());
                    failures.addAll(problems(base, null));
                    String only = System.getProperty("crash.k");
                    for (int k = 1; k <= base.firstWrites() && !Boolean.getBoolean("crash.baseOnly"); k++) {
                        int at = k;
                        if (only != null && Arrays.stream(only.split(",")).noneMatch(o -> o.trim().equals(String.valueOf(at)))) {
                            continue;
                        }
                        crashes.add(runners.submit(() -> run.execute(base.strategy(), "cr-" + base.strategy().prefix
                                + "-" + at, at)));
                    }
                }
                for (Future<CrashRun.Result> future : crashes) {
                    CrashRun.Result crashed = future.get();
                    CrashRun.Result base = bases.stream().filter(b -> b.strategy() == crashed.strategy()).findFirst()
                            .orElseThrow();
                    List<String> problems = problems(crashed, base);
                    failures.addAll(problems);
                    if (!problems.isEmpty()) {
                        System.out.println(crashed.strategy() + " killed after write " + crashed.k() + ", its writes:\n"
                                + crashed.history().describe() + "events: " + crashed.lastEvents());
                    }
                }
                for (CrashRun.Result base : bases) {
                    table.add(String.format(Locale.ROOT, "| %s | %d | %d |", base.strategy(), base.firstWrites(),
                            base.history().writes()));
                }
            } finally {
                runners.shutdownNow();
            }
        }
        System.out.println("| strategy | N (engine writes, uninterrupted) | object writes |\n|---|---|---|\n"
                + String.join("\n", table));
        failures.forEach(System.out::println);
        assertThat(failures).as("crashed runs that differ from the uninterrupted ones").isEmpty();
    }

    /** What is wrong with a run: on its own (base null), or against the uninterrupted run. */
    private static List<String> problems(CrashRun.Result run, CrashRun.Result base) {
        List<String> problems = new ArrayList<>();
        String name = run.strategy() + (run.k() == null ? " uninterrupted" : " killed after write " + run.k()) + ": ";
        if (!run.notWhole().isEmpty()) {
            problems.add(name + "not whole on 2.0: " + run.notWhole());
        }
        run.history().repeats().forEach(r -> problems.add(name + r));
        if (base == null) {
            if (!List.of("PROMOTED", "SUCCEEDED").contains(run.outcome())) {
                problems.add(name + "a healthy 2.0 ended " + run.outcome() + ": " + run.message() + "; " + run.lastEvents());
            }
            return problems;
        }
        if (!run.outcome().equals(base.outcome())) {
            problems.add(name + "ended " + run.outcome() + " (" + run.message() + "), uninterrupted " + base.outcome()
                    + "; " + run.lastEvents());
        }
        Map<String, List<String>> changes = run.history().changes();
        base.history().changes().forEach((object, expected) -> {
            List<String> seen = changes.getOrDefault(object, List.of());
            if (!seen.equals(expected)) {
                problems.add(name + object + " went through " + seen.size() + " states, uninterrupted " + expected.size()
                        + ": " + diff(expected, seen));
            }
        });
        changes.keySet().stream().filter(o -> !base.history().changes().containsKey(o))
                .forEach(o -> problems.add(name + "wrote " + o + ", which the uninterrupted run never wrote"));
        // A template the uninterrupted run never had means a ReplicaSet made for nothing. Fewer is not a difference:
        // the controller may never see an intermediate template that a patch replaced within moments.
        if (!base.replicaSets().containsAll(run.replicaSets())) {
            problems.add(name + "ReplicaSets for " + run.replicaSets() + ", uninterrupted only " + base.replicaSets());
        }
        return problems;
    }

    private static String diff(List<String> expected, List<String> seen) {
        int i = 0;
        while (i < expected.size() && i < seen.size() && expected.get(i).equals(seen.get(i))) {
            i++;
        }
        return "first difference at state " + i + ": expected " + (i < expected.size() ? expected.get(i) : "none")
                + " but was " + (i < seen.size() ? seen.get(i) : "none");
    }
}
