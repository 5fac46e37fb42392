package io.jenkins.plugins.progressive.engine.strategy.canary;

import io.jenkins.plugins.progressive.engine.analysis.AnalysisListener;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisResult;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisRun;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisVerdict;
import io.jenkins.plugins.progressive.engine.analysis.Measurement;
import io.jenkins.plugins.progressive.engine.analysis.MeasurementVerdict;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutFailure;
import io.jenkins.plugins.progressive.engine.strategy.RolloutJournal;
import io.jenkins.plugins.progressive.engine.strategy.StepVerification;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * A canary's metric gates: the analysis of a step, and the background analysis that runs across steps. Each
 * measurement is logged with both sides of a comparison; a FAIL or INCONCLUSIVE verdict becomes the
 * {@link RolloutFailure} that rolls the canary back, naming the step, the weight and the numbers. The time of the first
 * failing measurement is kept, so the rollback can say how fast it reacted.
 */
final class CanaryGates {

    private final RolloutContext context;
    private final CanaryWorkloads workloads;
    private final RolloutJournal journal;
    private final IntSupplier weight;
    private final AtomicReference<Instant> firstFailure = new AtomicReference<>();
    private AnalysisRun background;

    CanaryGates(RolloutContext context, CanaryWorkloads workloads, RolloutJournal journal, IntSupplier weight) {
        this.context = context;
        this.workloads = workloads;
        this.journal = journal;
        this.weight = weight;
    }

    /** The analysis of step {@code name}; completes when it passed, exceptionally when it did not. */
    CompletableFuture<Void> step(String name, AnalysisPlan gates) {
        return AnalysisRun.start(gates, workloads.target(), context.prometheus(), context.scheduler(), context.clock(),
                listener(name), context.metrics()).result().thenAccept(result -> judge(name, result));
    }

    /** Starts the background analysis; {@code failed} hears when it fails or cannot tell. */
    void startBackground(AnalysisPlan plan, Consumer<RolloutFailure> failed) {
        background = AnalysisRun.start(plan, workloads.target(), context.prometheus(), context.scheduler(),
                context.clock(), listener("background"), context.metrics());
        background.result().thenAccept(result -> {
            if (result.verdict() == AnalysisVerdict.FAIL || result.verdict() == AnalysisVerdict.INCONCLUSIVE) {
                try {
                    judge("background analysis", result);
                } catch (RolloutFailure failure) {
                    failed.accept(failure);
                }
            }
        });
    }

    void stopBackground() {
        if (background != null) {
            background.stop();
        }
    }

    /** When the first deciding measurement failed, or null. */
    Instant firstFailure() {
        return firstFailure.get();
    }

    private void judge(String name, AnalysisResult result) {
        journal.decision(name + ": analysis " + result.verdict() + " — " + result.reason(),
                result.verdict() == AnalysisVerdict.PASS);
        if (result.verdict() == AnalysisVerdict.FAIL) {
            throw new RolloutFailure("gate", name + " at " + weight.getAsInt() + "%: metric gate failed: "
                    + result.reason());
        }
        if (result.verdict() == AnalysisVerdict.INCONCLUSIVE) {
            throw new RolloutFailure("inconclusive", name + " at " + weight.getAsInt()
                    + "%: metric gates were inconclusive: " + result.reason());
        }
    }

    private AnalysisListener listener(String name) {
        return new AnalysisListener() {
            @Override
            public void onMeasurement(Measurement m) {
                StepVerification.forward(context, m);
                if (m.verdict() == MeasurementVerdict.FAIL && !m.dryRun()) {
                    firstFailure.compareAndSet(null, m.time());
                }
                String side = m.baselineValues().isEmpty() ? ""
                        : " [canary " + m.values() + " vs stable " + m.baselineValues() + "]";
                journal.decision(name + ": gate " + m.check() + ": " + m.verdict() + " — " + m.explanation() + side,
                        m.verdict() == MeasurementVerdict.PASS);
            }
        };
    }
}
