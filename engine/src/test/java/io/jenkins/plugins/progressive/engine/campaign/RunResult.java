package io.jenkins.plugins.progressive.engine.campaign;

import io.jenkins.plugins.progressive.sandbox.api.FaultKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one campaign run did and what the observer found.
 *
 * @param good whether version 2.0 was healthy in this run (a bad one never becomes ready)
 * @param result the engine's outcome, by its result's name ({@code NONE} if it gave none in time)
 * @param injected how many of the schedule's faults were armed before the outcome (each hits up to its times)
 * @param faults the faults the API server actually applied to the run's requests, by kind
 * @param violations every broken invariant, each with what was seen; empty for a clean run
 */
record RunResult(CampaignStrategy strategy, int index, long seed, boolean good, String result, boolean promoted,
        int injected, Map<FaultKind, Long> faults, List<String> violations, Duration took, String schedule, String message) {

    String replay() {
        return "-Dcampaign.replay=" + strategy + ":" + seed;
    }
}
