package io.jenkins.plugins.progressive.sandbox.controller;

/** How the pods of one image behave once scheduled: the faults a rollout has to detect. */
public sealed interface PodBehaviour {

    /** Ready after the pace's pod start time. */
    record Healthy() implements PodBehaviour {
    }

    /** Running but the readiness probe never passes. */
    record NeverReady() implements PodBehaviour {
    }

    /** The container exits over and over: never ready, restart count climbing, waiting in CrashLoopBackOff. */
    record CrashLooping() implements PodBehaviour {
    }

    /** Ready, but only after {@code factor} times the usual start time. */
    record Slow(double factor) implements PodBehaviour {
        public Slow {
            if (!(factor >= 1.0)) {
                throw new IllegalArgumentException("factor must be >= 1, was " + factor);
            }
        }
    }

    static PodBehaviour healthy() {
        return new Healthy();
    }

    static PodBehaviour neverReady() {
        return new NeverReady();
    }

    static PodBehaviour crashLooping() {
        return new CrashLooping();
    }

    static PodBehaviour slow(double factor) {
        return new Slow(factor);
    }
}
