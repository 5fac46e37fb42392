package io.jenkins.plugins.progressive.sandbox.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The faults currently injected into the sandbox API server, and how often each kind was applied; thread-safe,
 * consulted on every request.
 */
public final class ApiFaults {

    private final List<Slot> slots = new ArrayList<>();
    private final Map<FaultKind, Long> applied = new EnumMap<>(FaultKind.class);
    private final Map<String, Map<FaultKind, Long>> appliedByNamespace = new HashMap<>();

    /** Adds a fault; it applies from the next request on. */
    public synchronized void inject(ApiFault fault) {
        Objects.requireNonNull(fault, "fault");
        slots.add(new Slot(fault, fault.times()));
    }

    /** Removes every fault; the {@link #applied()} counts are kept. */
    public synchronized void clear() {
        slots.clear();
    }

    /**
     * Removes the faults confined to one namespace (their path pattern names {@code /namespaces/NAMESPACE/}), so a test
     * running beside others ends its own faults only; the counts are kept.
     */
    public synchronized void clear(String namespace) {
        Objects.requireNonNull(namespace, "namespace");
        String segment = "/namespaces/" + namespace + "/";
        slots.removeIf(slot -> slot.fault.path().pattern().contains(segment));
    }

    /** The number of requests a fault answered so far is not kept; this tells whether any fault is still armed. */
    public synchronized boolean isEmpty() {
        return slots.isEmpty();
    }

    /**
     * How many times each kind of fault was applied to a request, over all namespaces; every kind is present (0 when
     * never applied). A snapshot.
     */
    public synchronized Map<FaultKind, Long> applied() {
        return complete(applied);
    }

    /** Like {@link #applied()}, for the requests whose path has {@code /namespaces/NAMESPACE/}. */
    public synchronized Map<FaultKind, Long> applied(String namespace) {
        Objects.requireNonNull(namespace, "namespace");
        return complete(appliedByNamespace.getOrDefault(namespace, Map.of()));
    }

    private static Map<FaultKind, Long> complete(Map<FaultKind, Long> counts) {
        Map<FaultKind, Long> all = new EnumMap<>(FaultKind.class);
        for (FaultKind kind : FaultKind.values()) {
            all.put(kind, counts.getOrDefault(kind, 0L));
        }
        return Collections.unmodifiableMap(all);
    }

    /** Finds the first armed fault for this request, uses up one of its times and counts it as applied. */
    synchronized Optional<ApiFault> take(FaultRequest request) {
        for (var iterator = slots.iterator(); iterator.hasNext(); ) {
            Slot slot = iterator.next();
            if (slot.fault.matches(request)) {
                if (slot.remaining > 0 && --slot.remaining == 0) {
                    iterator.remove();
                }
                count(slot.fault.kind(), request.namespace());
                return Optional.of(slot.fault);
            }
        }
        return Optional.empty();
    }

    private void count(FaultKind kind, String namespace) {
        applied.merge(kind, 1L, Long::sum);
        if (namespace != null) {
            appliedByNamespace.computeIfAbsent(namespace, ns -> new EnumMap<>(FaultKind.class)).merge(kind, 1L, Long::sum);
        }
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
