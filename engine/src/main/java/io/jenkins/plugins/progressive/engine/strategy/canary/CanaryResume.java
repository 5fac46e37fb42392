package io.jenkins.plugins.progressive.engine.strategy.canary;

import io.jenkins.plugins.progressive.engine.traffic.HeaderRoute;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a canary does with the state a previous engine instance left on the canary Deployment ({@link CanaryState}):
 * continue the walk after the last completed step, report a walk that already ended, or clear a stale walk's traffic
 * before starting afresh.
 */
final class CanaryResume {

    /** What to do with the state found. */
    enum Decision {
        /** No state: a new walk. */
        NONE,
        /** This holder's walk of this plan, not finished: continue it. */
        CONTINUE,
        /** This holder's walk of this plan ended before the restart: report that, write nothing. */
        ENDED,
        /**
         * This holder's walk of this plan was being rolled back when the engine died: the undo is finished (its writes
         * find what already took effect), never the walk continued.
         */
        ROLL_BACK,
        /**
         * Another holder's walk, or this holder's walk of a different plan (the Jenkinsfile changed): its traffic goes
         * back to stable in one write and a new walk starts at step 1. Refusing instead would leave the canary at a
         * weight nobody drives any more; continuing would apply an old walk's progress to steps it never ran.
         */
        STALE
    }

    private CanaryResume() {
    }

    static Decision decide(CanaryPlan plan, CanaryState saved) {
        if (saved == null) {
            return Decision.NONE;
        }
        if (saved.continues(plan)) {
            return saved.finished() ? Decision.ENDED
                    : CanaryState.ROLLING_BACK.equals(saved.phase()) ? Decision.ROLL_BACK : Decision.CONTINUE;
        }
        return saved.finished() ? Decision.NONE : Decision.STALE;
    }

    /** The outcome's message for a walk of this plan that had ended before the restart. */
    static String ended(CanaryState saved) {
        return "this canary had already " + (CanaryState.PROMOTED.equals(saved.phase()) ? "been promoted" : "rolled back")
                + " before the restart; nothing was changed";
    }

    /** The warning for a stale walk whose traffic was just sent back to stable. */
    static String stale(CanaryPlan plan, CanaryState saved) {
        return "the canary Deployment carries an unfinished walk of " + (saved.holder().equals(plan.holder())
                ? "a different plan" : saved.holder()) + " at " + saved.weight() + "%: all traffic went back to stable; "
                + "this walk starts at step 1";
    }

    /** For the phase message: where the walk continues and what runs again. */
    static String describe(CanaryPlan plan, CanaryState saved, Instant now) {
        int next = saved.completed();
        String where = next >= plan.steps().size() ? "at the promotion"
                : "at step " + (next + 1) + " of " + plan.steps().size() + " (" + plan.steps().get(next).describe() + ")";
        String again = "";
        if (next < plan.steps().size() && saved.reached() == next) {
            CanaryStep step = plan.steps().get(next);
            Duration left = remaining(saved, next, step, now);
            again = left != null ? "; the pause in progress waits its remaining " + left.toSeconds() + " s"
                    : step instanceof CanaryStep.SetWeight set ? "; that step was moving traffic to " + set.percent()
                            + "% and goes on from what the cluster holds, repeating no write that took effect"
                    : "; that step was in progress and runs again from its start";
        }
        String traffic = next < plan.steps().size() && plan.steps().get(next) instanceof CanaryStep.SetWeight
                ? "traffic was at " + saved.weight() + "% to the canary when that step began"
                : "traffic stays at " + saved.weight() + "% to the canary";
        return "resuming after a restart " + where + ", " + next + " step" + (next == 1 ? "" : "s") + " done; " + traffic
                + again;
    }

    /** The header routes the completed steps had set: the router object still has them, re-setting them is a no-op. */
    static List<HeaderRoute> headerRoutes(CanaryPlan plan, int completed) {
        return plan.steps().subList(0, Math.min(completed, plan.steps().size())).stream()
                .filter(CanaryStep.SetHeaderRoute.class::isInstance).map(s -> ((CanaryStep.SetHeaderRoute) s).route()).toList();
    }

    /**
     * How long the timed pause at {@code index} still has to run when it is the step the walk was in, or null when it
     * waits its whole duration (another step, no recorded end). Never more than the pause's duration, so a clock that
     * jumped cannot make a pause longer than the Jenkinsfile says.
     */
    static Duration remaining(CanaryState saved, int index, CanaryStep step, Instant now) {
        if (saved == null || saved.reached() != index || saved.pauseUntil() == 0
                || !(step instanceof CanaryStep.Pause pause) || pause.duration() == null) {
            return null;
        }
        Duration left = Duration.between(now, Instant.ofEpochMilli(saved.pauseUntil()));
        return left.isNegative() ? Duration.ZERO : left.compareTo(pause.duration()) > 0 ? pause.duration() : left;
    }
}
