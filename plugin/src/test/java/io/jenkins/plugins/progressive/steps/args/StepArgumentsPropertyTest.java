package io.jenkins.plugins.progressive.steps.args;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.jenkins.plugins.progressive.engine.flags.toggle.FlagToggle;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.rollout.FanOut;
import io.jenkins.plugins.progressive.rollout.PlannedRollout;
import io.jenkins.plugins.progressive.rollout.StepOutcome;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Bad input never reaches the cluster (issue 14): for each step, generated invalid arguments go through the real
 * parse path (what the step's start() calls) and, should one parse, through the start against an API server that
 * counts writes. Every case must be refused, with a message starting with the path of a parameter the case changed,
 * and cause 0 writes. The controls: the valid arguments parse, and started they do write, so the counter counts.
 */
class StepArgumentsPropertyTest {
    static final StepDefaults DEFAULTS = new StepDefaults("shop", "https://ci.example/job/web/7/", List.of("alice"));
    private static final Pattern REFUSAL = Pattern.compile("(" + StepArgumentGuard.PATH + "): \\S.*", Pattern.DOTALL);
    private static final Map<String, AtomicInteger[]> TALLY = new ConcurrentHashMap<>();

    private static WriteCountingCluster cluster;
    private static ScheduledExecutorService scheduler;

    @BeforeContainer
    static void start() {
        cluster = new WriteCountingCluster();
        scheduler = Executors.newScheduledThreadPool(2);
    }

    @AfterContainer
    static void stop() {
        TALLY.forEach((step, t) -> System.out.printf("%s: %d generated invalid argument sets, %d refused at parse time, "
                + "%d writes%n", step, t[0].get(), t[1].get(), t[2].get()));
        scheduler.shutdownNow();
        cluster.close();
    }

    @Property(tries = 600)
    void rollingUpdateRefusesInvalidArgumentsBeforeAnyWrite(@ForAll("rollingUpdate") InvalidArguments.Case invalid) {
        refusedBeforeAnyWrite(invalid);
    }

    @Property(tries = 600)
    void blueGreenDeployRefusesInvalidArgumentsBeforeAnyWrite(@ForAll("blueGreenDeploy") InvalidArguments.Case invalid) {
        refusedBeforeAnyWrite(invalid);
    }

    @Property(tries = 600)
    void canaryStageRefusesInvalidArgumentsBeforeAnyWrite(@ForAll("canaryStage") InvalidArguments.Case invalid) {
        refusedBeforeAnyWrite(invalid);
    }

    @Property(tries = 600)
    void flagToggleRefusesInvalidArgumentsBeforeAnyWrite(@ForAll("flagToggle") InvalidArguments.Case invalid) {
        refusedBeforeAnyWrite(invalid);
    }

    @Provide
    Arbitrary<InvalidArguments.Case> rollingUpdate() {
        return InvalidArguments.cases("rollingUpdate");
    }

    @Provide
    Arbitrary<InvalidArguments.Case> blueGreenDeploy() {
        return InvalidArguments.cases("blueGreenDeploy");
    }

    @Provide
    Arbitrary<InvalidArguments.Case> canaryStage() {
        return InvalidArguments.cases("canaryStage");
    }

    @Provide
    Arbitrary<InvalidArguments.Case> flagToggle() {
        return InvalidArguments.cases("flagToggle");
    }

    /** Interesting cases found while writing the generators and in issue 14, kept as fixed cases. */
    @Example
    void theCorpusIsRefusedBeforeAnyWrite() {
        for (InvalidArguments.Case invalid : ArgumentCorpus.cases()) {
            refusedBeforeAnyWrite(invalid);
        }
    }

    @Example
    void validArgumentsOfEveryStepStillParse() {
        for (String step : InvalidArguments.STEPS) {
            assertThat(parse(step, ValidArguments.of(step))).as(step).isNotNull();
        }
    }

    @Example
    void validArgumentsStillWriteSoTheCounterCounts() throws Exception {
        cluster.client().apps().deployments().inNamespace("shop").resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace("shop").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                        .withNewSpec().addNewContainer().withName("app").withImage("shop/web:1.0").endContainer()
                        .endSpec().endTemplate().endSpec().build()).createOr(existing -> existing.update());
        Map<String, Object> rolling = ValidArguments.rollingUpdate();
        rolling.remove("preHook"); // a hook Job would wait for a controller the counting server does not have
        rolling.remove("analysis"); // and gates for a Prometheus
        cluster.reset();
        startIfParsed("rollingUpdate", parse("rollingUpdate", rolling));
        assertThat(cluster.writes()).as("the rolling update patched the Deployment").isNotEmpty();

        cluster.reset();
        startIfParsed("flagToggle", parse("flagToggle", ValidArguments.flagToggle()));
        assertThat(cluster.writes()).as("the flag set was written").anyMatch(w -> w.contains("configmaps"));
    }

    private static void refusedBeforeAnyWrite(InvalidArguments.Case invalid) {
        AtomicInteger[] tally = TALLY.computeIfAbsent(invalid.step(),
                s -> new AtomicInteger[] {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()});
        cluster.reset();
        String refusal = null;
        try {
            startIfParsed(invalid.step(), parse(invalid.step(), invalid.arguments()));
        } catch (StepArgumentException e) {
            refusal = e.getMessage();
        }
        List<String> writes = cluster.writes();
        tally[0].incrementAndGet();
        tally[1].addAndGet(refusal == null ? 0 : 1);
        tally[2].addAndGet(writes.size());

        assertThat(refusal).as("%s is refused", invalid).isNotNull();
        Matcher path = REFUSAL.matcher(refusal);
        assertThat(path.matches()).as("'%s' starts with a parameter path", refusal).isTrue();
        assertThat(refusal).doesNotContain("Exception").doesNotStartWith(invalid.step() + ":");
        String named = path.group(1);
        assertThat(invalid.roots()).as("'%s' names a parameter %s changed", refusal, invalid)
                .anyMatch(root -> named.equals(root) || named.startsWith(root + ".") || named.startsWith(root + "["));
        assertThat(writes).as("writes for %s", invalid).isEmpty();
    }

    /** The step's own parse path: PlannedRollout.of for the rollouts, FlagToggleArgs.parse for flags. */
    static Object parse(String step, Map<String, Object> arguments) {
        return switch (step) {
            case "rollingUpdate" -> PlannedRollout.of(PlannedRollout.Strategy.ROLLING, arguments, DEFAULTS);
            case "blueGreenDeploy" -> PlannedRollout.of(PlannedRollout.Strategy.BLUE_GREEN, arguments, DEFAULTS);
            case "canaryStage" -> PlannedRollout.of(PlannedRollout.Strategy.CANARY, arguments, DEFAULTS);
            default -> FlagToggleArgs.parse(arguments, DEFAULTS, "property test");
        };
    }

    /** What the step does next with parsed arguments, against the counting server; its outcome does not matter. */
    private static void startIfParsed(String step, Object parsed) {
        if (parsed instanceof FlagToggleArgs flags) {
            if (flags.request() != null) {
                try {
                    FlagToggle.apply(flags.store().apply(cluster.client()), flags.request(), "property test", flags.reason());
                } catch (RuntimeException e) {
                    // refused against the stored set: what counts is whether anything was written
                }
            }
            return;
        }
        PlannedRollout planned = (PlannedRollout) parsed;
        PlannedRollout.Started started = planned.start(new RolloutContext(cluster.client(), scheduler, Clock.systemUTC(),
                null, new EngineMetrics(), new FanOut()), request -> new java.util.concurrent.CompletableFuture<>());
        try {
            awaitFirstWrite();
            started.abort().accept("property test");
            StepOutcome ignored = started.outcome().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // the outcome does not matter here, only the writes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A started rollout writes within seconds (its first patch); waits for that, or 10 s for nothing. */
    private static void awaitFirstWrite() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cluster.writes().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
