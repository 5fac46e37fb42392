package io.jenkins.plugins.progressive.sandbox.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The faults currently injected into the sandbox API server; thread-safe, consulted on every request. */
public final class ApiFaults {

    private final List<Slot> slots = new ArrayList<>();

    /** Adds a fault; it applies from the next request on. */
    public synchronized void inject(ApiFault fault) {
        slots.add(new Slot(fault, fault.times()));
    }

    /** Removes every fault. */
    public synchronized void clear() {
        slots.clear();
    }

    /** The number of requests a fault answered so far is not kept; this tells whether any fault is still armed. */
    public synchronized boolean isEmpty() {
        return slots.isEmpty();
    }

    /** Finds the first armed fault for this request and uses up one of its times. */
    synchronized Optional<ApiFault> take(String method, String path) {
        for (var iterator = slots.iterator(); iterator.hasNext(); ) {
            Slot slot = iterator.next();
            if (slot.fault.matches(method, path)) {
                if (slot.remaining > 0 && --slot.remaining == 0) {
                    iterator.remove();
                }
                return Optional.of(slot.fault);
            }
        }
        return Optional.empty();
    }

    private static final class Slot {
        private final ApiFault fault;
        private int remaining;

        Slot(ApiFault fault, int remaining) {
            this.fault = fault;
            this.remaining = remaining;
        }
    }
}
