package io.jenkins.plugins.progressive.engine.strategy.bluegreen;

/**
 * Where a release continues, from the record this holder left on a slot ({@link BlueGreenState}) and the slot the
 * active Services select now. The record names the phase whose writes had begun; the Services say whether the switch
 * landed. A resumed release continues that phase, so it never deploys again after the switch was decided, never
 * switches back and forth, and never scales a slot down that it brings up again.
 */
final class BlueGreenResume {

    /** What the release does next. */
    enum Step {
        /** No record of this holder: a release from the start (its writes that already took effect are left out). */
        RELEASE,
        /** Checks passed and the switch was approved: switch the Services to the record's target, then watch. */
        SWITCH,
        /** The Services route to the target: the post-switch watch, never a second switch. */
        WATCH,
        /** The watch had passed: scale the old slot down (unless it already is) and run the post hook. */
        FINISH,
        /** The watch had failed or been aborted: finish switching back and scale the target down. */
        SWITCH_BACK,
        /** Stopped before the switch: finish scaling the target down; live was never touched. */
        STOP
    }

    private BlueGreenResume() {
    }

    /**
     * @param record this holder's record, or null
     * @param live the slot the active Services select, or null while they disagree (a switch cut off between Services)
     */
    static Step decide(BlueGreenState record, Slot live) {
        if (record == null) {
            return Step.RELEASE;
        }
        String phase = record.phase();
        if (BlueGreenState.SWITCHING_BACK.equals(phase)) {
            return Step.SWITCH_BACK;
        }
        if (live == record.to()) {
            return BlueGreenState.PROMOTED.equals(phase) ? Step.FINISH : Step.WATCH;
        }
        if (BlueGreenState.SWITCHING.equals(phase)) {
            return Step.SWITCH;
        }
        if (BlueGreenState.NOT_PROMOTED.equals(phase)) {
            return Step.STOP;
        }
        // Deploying: the deploy goes on, finding what took effect. Promoted while the old slot serves again: someone
        // switched back by hand after the release; it is released again rather than its live slot scaled down.
        return Step.RELEASE;
    }

    /**
     * The slot to take as live while the active Services disagree: the one a switch or a switch back of this record
     * was moving them away from (the move is then finished); null when the record explains no disagreement.
     */
    static Slot liveWhileMixed(BlueGreenState record) {
        if (record == null) {
            return null;
        }
        return switch (record.phase()) {
            case BlueGreenState.SWITCHING -> record.from();
            case BlueGreenState.SWITCHING_BACK -> record.to();
            default -> null;
        };
    }
}
