package io.jenkins.plugins.progressive.rollout;

import io.jenkins.plugins.progressive.engine.analysis.AnalysisListener;
import io.jenkins.plugins.progressive.engine.analysis.Measurement;
import io.jenkins.plugins.progressive.engine.cluster.RolloutStatus;
import io.jenkins.plugins.progressive.engine.progress.RolloutEvent;
import io.jenkins.plugins.progressive.engine.progress.RolloutListener;
import java.io.PrintStream;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The build log's view of a rollout: one line per phase, decision, warning and gate measurement, with the numbers
 * (weights, values against thresholds, replicas). Replica progress is written only when the counts change, so a long
 * wait is a few lines, not thousands. Every line passes through {@code redact} first: a message quoting a server's
 * error must not carry a token into a log.
 */
public final class DecisionLog implements RolloutListener, AnalysisListener {
    private final PrintStream out;
    private final String prefix;
    private final UnaryOperator<String> redact;
    private String lastProgress;

    public DecisionLog(PrintStream out, String prefix, UnaryOperator<String> redact) {
        this.out = Objects.requireNonNull(out, "out");
        this.prefix = prefix == null || prefix.isEmpty() ? "" : "[" + prefix + "] ";
        this.redact = redact == null ? UnaryOperator.identity() : redact;
    }

    @Override
    public synchronized void onEvent(RolloutEvent event) {
        if (event instanceof RolloutEvent.PhaseChanged phase) {
            print(phase.phase() + ": " + phase.message());
        } else if (event instanceof RolloutEvent.Decision decision) {
            print((decision.positive() ? "✔ " : "✘ ") + decision.message());
        } else if (event instanceof RolloutEvent.Warning warning) {
            print("warning: " + warning.message());
        } else if (event instanceof RolloutEvent.Progress progress) {
            String line = progress(progress);
            if (!line.equals(lastProgress)) {
                lastProgress = line;
                print(line);
            }
        }
    }

    @Override
    public synchronized void onMeasurement(Measurement m) {
        String baseline = m.baselineValues().isEmpty() ? "" : " (baseline " + m.baselineValues() + ")";
        print("gate " + m.check() + ": " + m.verdict() + (m.dryRun() ? " (dry run)" : "") + " — " + m.explanation()
                + baseline);
    }

    /** A line the step itself writes (start, result), with the same prefix and redaction. */
    public synchronized void line(String text) {
        print(text);
    }

    private static String progress(RolloutEvent.Progress progress) {
        RolloutStatus status = progress.status();
        String batch = progress.batches() > 1 ? "batch " + progress.batch() + " of " + progress.batches() + " (target "
                + progress.batchTarget() + "): " : "";
        return batch + "replicas " + status.updated() + " updated, " + status.ready() + " ready, " + status.available()
                + " available of " + status.desired() + (progress.message() == null ? "" : " — " + progress.message());
    }

    private void print(String text) {
        out.println(prefix + redact.apply(text));
    }
}
