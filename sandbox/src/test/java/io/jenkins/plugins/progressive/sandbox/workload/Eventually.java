package io.jenkins.plugins.progressive.sandbox.workload;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polling for tests: wait until something holds, never a fixed sleep. */
public final class Eventually {

    private static final long POLL_MILLIS = 20;

    private Eventually() {
    }

    /** Polls {@code probe} until {@code accept} holds; returns the accepted value, or fails with the last one. */
    public static <T> T await(String what, Duration timeout, Supplier<T> probe, Predicate<T> accept) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (true) {
            try {
                last = probe.get();
                lastError = null;
                if (accept.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError failure = new AssertionError(what + " did not happen within " + timeout
                        + "; last value: " + last);
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what, e);
            }
        }
    }

    /** Polls until {@code condition} holds; returns how long that took. */
    public static Duration await(String what, Duration timeout, Supplier<Boolean> condition) {
        long started = System.nanoTime();
        await(what, timeout, condition, Boolean::booleanValue);
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
