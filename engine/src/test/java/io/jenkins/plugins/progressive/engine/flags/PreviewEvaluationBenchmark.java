package io.jenkins.plugins.progressive.engine.flags;

import dev.openfeature.sdk.ImmutableContext;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: preview evaluations per second for a flag with three rules and a {@code fractional} split, and in the same run
 * the flagd Java provider 0.11.15 (in-process FILE resolver) on the same flag set as the reference, both through the
 * OpenFeature client (what an application pays) and straight through the provider. The provider's fractional uses
 * the v1 hash, but its cost is the same kind of work. Contexts are prepared up front and cycled, so neither side
 * pays for building them.
 *
 * <p>Run (not part of surefire): {@code mvn -q -B -o -P offline -pl engine test-compile exec:exec
 * -Dexec.executable=java -Dexec.classpathScope=test "-Dexec.args=-cp %classpath org.openjdk.jmh.Main
 * PreviewEvaluationBenchmark -f 1 -wi 2 -i 3 -w 1s -r 2s"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PreviewEvaluationBenchmark {

    static final String FLAG_KEY = "new-checkout";

    /** Staff always, blocked countries never, beta testers on app ≥ 2.0, everyone else 25%. */
    static final String FLAGS = """
            {
              "$evaluators": {"staff": {"ends_with": [{"var": "email"}, "@shop.example"]}},
              "flags": {
                "new-checkout": {
                  "state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off",
                  "targeting": {"if": [
                    {"$ref": "staff"}, "on",
                    {"in": [{"var": "country"}, ["CN", "RU", "KP"]]}, "off",
                    {"and": [{"==": [{"var": "beta"}, true]}, {"sem_ver": [{"var": "appVersion"}, ">=", "2.0.0"]}]},
                    "on",
                    {"fractional": [{"cat": [{"var": "$flagd.flagKey"}, {"var": "targetingKey"}]},
                                    ["on", 25], ["off", 75]]}
                  ]}
                }
              }
            }
            """;

    private static final int CONTEXTS = 1024;

    private PreviewEvaluator preview;
    private FlagdProviderOracle provider;
    private EvaluationContext[] ours;
    private ImmutableContext[] theirs;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        preview = new PreviewEvaluator(FlagSet.parse(FLAGS));
        provider = new FlagdProviderOracle(FLAGS);
        ours = contexts(CONTEXTS);
        theirs = new ImmutableContext[CONTEXTS];
        for (int i = 0; i < CONTEXTS; i++) {
            theirs[i] = FlagdProviderOracle.toOpenFeature(ours[i]);
        }
    }

    /** Users that reach every branch of the flag: staff, blocked countries, beta testers, the 25% split. */
    static EvaluationContext[] contexts(int count) {
        Random random = new Random(42);
        String[] emails = {"a@shop.example", "b@gmail.com", "c@mail.example"};
        String[] countries = {"DE", "US", "FR", "CN", "BR", "JP"};
        String[] versions = {"1.9.3", "2.0.0", "2.1.0-beta.1", "2.4.1"};
        EvaluationContext[] contexts = new EvaluationContext[count];
        for (int i = 0; i < count; i++) {
            contexts[i] = EvaluationContext.of("user-" + random.nextInt(1_000_000))
                    .with("email", emails[random.nextInt(emails.length)])
                    .with("country", countries[random.nextInt(countries.length)])
                    .with("beta", random.nextBoolean())
                    .with("appVersion", versions[random.nextInt(versions.length)]);
        }
        return contexts;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        provider.close();
    }

    @Benchmark
    public FlagEvaluation preview() {
        return preview.evaluate(FLAG_KEY, ours[next++ & (CONTEXTS - 1)]);
    }

    @Benchmark
    public Object flagdProviderThroughClient() {
        return provider.details(FLAG_KEY, FlagdProviderOracle.Type.BOOLEAN, theirs[next++ & (CONTEXTS - 1)]);
    }

    @Benchmark
    public Object flagdProviderDirect() {
        return provider.booleanThroughProvider(FLAG_KEY, theirs[next++ & (CONTEXTS - 1)]);
    }
}
