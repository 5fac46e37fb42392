package io.jenkins.plugins.progressive.rollout;

import io.jenkins.plugins.progressive.engine.analysis.AnalysisListener;
import io.jenkins.plugins.progressive.engine.analysis.Measurement;
import io.jenkins.plugins.progressive.engine.cluster.RolloutStatus;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.event.RolloutListener;
import io.jenkins.plugins.progressive.engine.event.VersionReplicas;
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
            printIfChanged(progress(progress));
        } else if (event instanceof RolloutEvent.Replicas replicas) {
            printIfChanged(replicas(replicas));
        } else if (event instanceof RolloutEvent.TrafficShifted traffic) {
            print("traffic: " + traffic.percent() + "% to the new version (" + traffic.shift().name().toLowerCase(
                    java.util.Locale.ROOT) + ") — " + traffic.message());
        }
        // ApprovalRequested/ApprovalDecided: the step writes those itself, with the link to decide.
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

    private void printIfChanged(String line) {
        if (!line.equals(lastProgress)) {
            lastProgress = line;
            print(line);
        }
    }

    private static String replicas(RolloutEvent.Replicas replicas) {
        StringBuilder line = new StringBuilder("replicas");
        String separator = ": ";
        for (VersionReplicas r : replicas.deployments()) {
            line.append(separator).append(r.role()).append(' ').append(r.version()).append(' ')
                    .append(r.available()).append(" of ").append(r.desired()).append(" available (")
                    .append(r.updated()).append(" updated, ").append(r.ready()).append(" ready)");
            separator = ", ";
        }
        return line.toString();
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
