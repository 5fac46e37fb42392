package io.jenkins.plugins.progressive.engine.flags.toggle;

import io.jenkins.plugins.progressive.engine.flags.EvaluationContext;
import io.jenkins.plugins.progressive.engine.flags.FlagPreview;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import io.jenkins.plugins.progressive.engine.flags.PreviewEvaluator;
import io.jenkins.plugins.progressive.engine.flags.audit.AuditEntry;
import io.jenkins.plugins.progressive.engine.flags.audit.AuditTrail;
import io.jenkins.plugins.progressive.engine.flags.ops.FlagChangeRequest;
import io.jenkins.plugins.progressive.engine.flags.ops.FlagOperation;
import io.jenkins.plugins.progressive.engine.flags.ops.FlagOperationException;
import io.jenkins.plugins.progressive.engine.flags.stale.StaleCheck;
import io.jenkins.plugins.progressive.engine.flags.stale.StalePolicy;
import io.jenkins.plugins.progressive.engine.flags.stale.StaleReport;
import io.jenkins.plugins.progressive.engine.flags.store.FlagStore;
import io.jenkins.plugins.progressive.engine.flags.store.FlagStoreConflictException;
import io.jenkins.plugins.progressive.engine.flags.store.FlagStoreException;
import io.jenkins.plugins.progressive.engine.flags.store.StoredFlagSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * What the {@code flagToggle} step calls. A change is a read-modify-write: read the set, apply the request's
 * operations in order (any bad input fails here, before a write), write it with the audit history if the object is
 * unchanged since the read; on a conflict read again and re-apply the operations to what is there now, so concurrent
 * writers never lose each other's changes. Attempts are bounded; between them a short random pause lets contending
 * writers spread out. Runs on the caller's thread and blocks on API calls.
 */
public final class FlagToggle {

    /**
     * Enough for a handful of pipelines changing one set at the same moment: four writers changing it in tight loops
     * needed up to 9 attempts for one write on the sandbox (FlagToggleConcurrencyTest prints the numbers).
     */
    public static final int DEFAULT_ATTEMPTS = 16;
    private static final long MAX_PAUSE_MILLIS = 320;

    private final Clock clock;
    private final int maxAttempts;

    public FlagToggle(Clock clock, int maxAttempts) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
    }

    /** Applies a change at the current time with {@link #DEFAULT_ATTEMPTS}. */
    public static FlagChangeResult apply(FlagStore store, FlagChangeRequest request, String actor, String reason) {
        return new FlagToggle(Clock.systemUTC(), DEFAULT_ATTEMPTS).change(store, request, actor, reason);
    }

    /** The stale report of a store at the current time. */
    public static StaleReport staleReport(FlagStore store, StalePolicy policy) {
        return new FlagToggle(Clock.systemUTC(), DEFAULT_ATTEMPTS).report(store, policy);
    }

    /**
     * Applies the request to the store.
     *
     * @param actor who changes the flags: a user id or a build URL (recorded in the audit history)
     * @param reason why (recorded; may be null)
     * @throws FlagOperationException on bad input or an operation that does not fit the set; nothing was written
     * @throws FlagStoreException if the store holds no valid set, refuses the write, or every attempt conflicted;
     *     nothing was written by this call
     */
    public FlagChangeResult change(FlagStore store, FlagChangeRequest request, String actor, String reason) {
        Objects.requireNonNull(store, "store must not be null");
        Objects.requireNonNull(request, "request must not be null");
        requireBlockingAllowed();
        if (actor == null || actor.isBlank()) {
            throw new FlagOperationException("actor must name who changes the flags (a user id or the build URL)");
        }
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            StoredFlagSet read = store.read();
            FlagSet after = request.applyTo(read.flagSet(), now);
            FlagDiff diff = new FlagDiff(read.flagSet(), after);
            List<String> lines = diff.lines();
            Map<String, FlagChange> changed = diff.changedFlags();
            List<String> notes = new ArrayList<>();
            if (lines.isEmpty() || request.dryRun()) {
                return result(store, read, after, false, read.resourceVersion(), attempt, changed, lines, request,
                        null, notes);
            }
            AuditTrail trail = AuditTrail.parse(read.auditJson());
            if (trail.unreadable()) {
                notes.add("the annotation " + FlagStore.AUDIT_ANNOTATION + " held no history this tool can read; "
                        + "it was replaced");
            }
            AuditEntry entry = new AuditEntry(now, actor, reason, request.operations().stream()
                    .map(FlagOperation::describe).toList(), lines, archived(changed));
            try {
                String version = store.write(read, after, trail.append(entry).toJson());
                return result(store, read, after, true, version, attempt, changed, lines, request, entry, notes);
            } catch (FlagStoreConflictException e) {
                if (attempt >= maxAttempts) {
                    throw new FlagStoreException(store.describe() + " was changed by others during each of "
                            + maxAttempts + " attempts (409 Conflict); nothing was written, try again", e);
                }
                pause(attempt, store);
            }
        }
    }

    /** Reads the store and lists its stale flags. */
    public StaleReport report(FlagStore store, StalePolicy policy) {
        requireBlockingAllowed();
        StoredFlagSet read = store.read();
        return StaleCheck.check(store.describe(), read.flagSet(), AuditTrail.parse(read.auditJson()), policy,
                clock.instant());
    }

    /**
     * The stores block on API calls. On an HTTP client's I/O thread (a Vert.x event loop or an OkHttp thread) that
     * call waits for an answer only that very thread could deliver, and the client hangs; refuse instead.
     */
    static void requireBlockingAllowed() {
        String thread = Thread.currentThread().getName();
        if (thread.startsWith("vert.x-eventloop") || thread.startsWith("OkHttp")) {
            throw new IllegalStateException("flag changes block on API calls and must not run on the HTTP client's "
                    + "thread '" + thread + "'; call them from the step's own thread or an executor");
        }
    }

    private FlagChangeResult result(FlagStore store, StoredFlagSet read, FlagSet after, boolean written,
            String version, int attempts, Map<String, FlagChange> changed, List<String> lines,
            FlagChangeRequest request, AuditEntry entry, List<String> notes) {
        Set<String> previewed = new LinkedHashSet<>(request.flagKeys());
        previewed.addAll(changed.keySet());
        previewed.addAll(SegmentUsers.of(after, request));
        PreviewEvaluator evaluator = new PreviewEvaluator(after, clock);
        IntFunction<EvaluationContext> synthetic = syntheticUsers(request.bucketingAttributes());
        Map<String, FlagPreview> previews = new LinkedHashMap<>();
        for (String key : previewed) {
            if (after.flag(key).isPresent()) {
                previews.put(key, FlagPreview.of(evaluator, key, FlagPreview.DEFAULT_SYNTHETIC_USERS, synthetic,
                        request.testUsers()));
            }
        }
        return new FlagChangeResult(store.describe(), written, written && read.createsOnWrite(), version, attempts,
                new ArrayList<>(changed.values()), lines, previews, entry, notes);
    }

    /** Synthetic users carry every attribute the change buckets by, or they would all share one bucket. */
    private static IntFunction<EvaluationContext> syntheticUsers(Set<String> attributes) {
        if (attributes.isEmpty()) {
            return FlagPreview::syntheticUser;
        }
        return i -> {
            EvaluationContext user = FlagPreview.syntheticUser(i);
            for (String attribute : attributes) {
                user = user.with(attribute, user.targetingKey());
            }
            return user;
        };
    }

    private static Map<String, String> archived(Map<String, FlagChange> changed) {
        Map<String, String> archived = new LinkedHashMap<>();
        changed.values().stream().filter(change -> change.after() == null)
                .forEach(change -> archived.put(change.flagKey(), change.before()));
        return archived;
    }

    private static void pause(int attempt, FlagStore store) {
        long bound = Math.min(MAX_PAUSE_MILLIS, 10L << Math.min(attempt, 5));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlagStoreException("interrupted while retrying a write to " + store.describe()
                    + "; nothing was written", e);
        }
    }
}
