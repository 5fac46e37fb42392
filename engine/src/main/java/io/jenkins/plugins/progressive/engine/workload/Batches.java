package io.jenkins.plugins.progressive.engine.workload;

import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import java.util.ArrayList;
import java.util.List;

/**
 * Steps of a rolling update, as shares of the replicas that run the new version before the rollout stops to check
 * (e.g. 10%, 50%, 100%). Strictly ascending and ending at 100%. Without batches, a rolling update is one step.
 *
 * @param percents the steps, each 1..100
 */
public record Batches(List<Integer> percents) {

    public static final Batches SINGLE = new Batches(List.of(100));

    public Batches {
        percents = List.copyOf(percents);
        if (percents.isEmpty()) {
            throw new PlanException("batches: at least one step is needed (the last one is 100%)");
        }
        int previous = 0;
        for (int percent : percents) {
            if (percent < 1 || percent > 100) {
                throw new PlanException("batches: " + percent + "% is outside 1%..100%");
            }
            if (percent <= previous) {
                throw new PlanException("batches: steps must ascend, but " + percent + "% follows " + previous + "%");
            }
            previous = percent;
        }
        if (previous != 100) {
            throw new PlanException("batches: the last step must be 100%, was " + previous + "%");
        }
    }

    /** Parses {@code ["10%", "50%", "100%"]} (the percent sign is optional). */
    public static Batches parse(List<String> steps) {
        List<Integer> percents = new ArrayList<>();
        for (String step : steps) {
            String text = step == null ? "" : step.strip();
            if (text.endsWith("%")) {
                text = text.substring(0, text.length() - 1).strip();
            }
            try {
                percents.add(Integer.parseInt(text));
            } catch (NumberFormatException e) {
                throw new PlanException("batches: '" + step + "' is not a whole percentage like 25%");
            }
        }
        return new Batches(percents);
    }

    /** How many replicas run the new version after step {@code index} (rounded up, at least one). */
    public int target(int index, int replicas) {
        return Math.max(1, (int) Math.ceil(percents.get(index) * replicas / 100.0));
    }

    public int size() {
        return percents.size();
    }
}
