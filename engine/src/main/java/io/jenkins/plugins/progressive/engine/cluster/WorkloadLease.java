package io.jenkins.plugins.progressive.engine.cluster;

import static io.jenkins.plugins.progressive.engine.cluster.LeaseRecords.holderOf;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps two rollouts of one workload apart: a {@code coordination.k8s.io/v1} Lease named after the workload (see
 * {@link LeaseNames}), held by one rollout, identified by e.g. its build URL. Acquiring creates the Lease, resumes it
 * when the holder is the same (a rollout resumed after a controller restart), or takes over one whose holder stopped
 * renewing it ({@code renewTime + leaseDurationSeconds} in the past); otherwise it is refused with a
 * {@link RolloutConflictException}. Every write is guarded by the Lease's {@code resourceVersion}, so of two rollouts
 * racing for it exactly one wins.
 *
 * <p>While held, it is renewed every sixth of its TTL on the caller's scheduler (one GET and one PUT, bounded by the
 * client's request timeout; the lease owns no thread). As in client-go's leader election, the holder acts only within
 * a <em>renew deadline</em> shorter than the TTL (two thirds of it): once its last successful renewal is that old —
 * its renewals failed, or its threads stalled (a long GC pause, a blocked scheduler) — it counts the lease as
 * {@link #isLost() lost} for good, although a rival can only take it over a third of a TTL later. A renewal that finds
 * the Lease deleted or held by someone else loses it at once. {@link #checkHeld()} is asked right before every write
 * of the rollout (see {@link LeaseFence}), so a holder that wakes up after a takeover writes nothing more. Expiry
 * compares the other holder's {@code renewTime} with this machine's clock, so clocks skewed by more than the margin
 * (a third of the TTL) let a live lease look expired: keep the TTL well above the skew.
 */
public final class WorkloadLease implements AutoCloseable {

    private static final Duration MIN_TTL = Duration.ofSeconds(1);
    private static final Duration MAX_TTL = Duration.ofHours(1);
    private static final int MAX_ATTEMPTS = 3;

    private final KubernetesClient client;
    private final String namespace;
    private final String leaseName;
    private final String workload;
    private final String kindAndName;
    private final String holder;
    private final Duration ttl;
    private final Duration renewDeadline;
    private final Clock clock;
    private volatile ScheduledFuture<?> renewal;
    /** When the last successful renewal was sent (read before it): the holder acts until {@code renewDeadline} after. */
    private volatile Instant renewed;
    /** Completes with the reason once the lease is lost; never completes while it is held. */
    private final CompletableFuture<String> lost = new CompletableFuture<>();
    private volatile boolean released;
    /** This holder's term: holder and the lease's transition count when it took the lease (see {@link #term()}). */
    private volatile String term;
    /** Why the last renewal failed, while no later one succeeded: part of the reason when the lease is lost. */
    private volatile String lastFailure;

    private WorkloadLease(KubernetesClient client, String namespace, String kind, String name, String holder,
            Duration ttl, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.leaseName = LeaseNames.of(kind, name);
        this.workload = kind + " " + namespace + "/" + name;
        this.kindAndName = kind + "/" + name;
        this.holder = holder;
        this.ttl = ttl;
        this.renewDeadline = ttl.multipliedBy(2).dividedBy(3);
        this.clock = clock;
    }

    /**
     * Takes the lease of a workload for {@code holder} and keeps renewing it until {@link #release()}.
     *
     * @param workloadKind e.g. {@code Deployment}
     * @param holder       who rolls out, shown to whoever is refused: the build URL
     * @param ttl          how long the lease outlives its last renewal, 1 s to 1 h; renewed every {@code ttl / 6}
     * @param scheduler    runs the renewals; shared, the lease starts no thread
     * @throws RolloutConflictException another holder's lease has not expired
     * @throws IllegalArgumentException a parameter is invalid (the message names it)
     * @throws KubernetesClientException the API server could not be asked or refused to store the lease
     */
    public static WorkloadLease acquire(KubernetesClient client, String namespace, String workloadKind,
            String workloadName, String holder, Duration ttl, ScheduledExecutorService scheduler) {
        return acquire(client, namespace, workloadKind, workloadName, holder, ttl, scheduler, Clock.systemUTC());
    }

    static WorkloadLease acquire(KubernetesClient client, String namespace, String workloadKind, String workloadName,
            String holder, Duration ttl, ScheduledExecutorService scheduler, Clock clock) {
        Objects.requireNonNull(client, "client must not be null");
        Objects.requireNonNull(scheduler, "scheduler must not be null");
        LeaseNames.validate(namespace, workloadKind, workloadName);
        if (holder == null || holder.isBlank()) {
            throw new IllegalArgumentException("holder must name the rollout (e.g. its build URL), was \"" + holder + "\"");
        }
        if (ttl == null || ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be between 1 s and 1 h, was " + ttl);
        }
        WorkloadLease lease = new WorkloadLease(client, namespace, workloadKind, workloadName, holder, ttl, clock);
        lease.take();
        lease.startRenewing(scheduler);
        return lease;
    }

    /**
     * This holder's term of the lease: its identity and the lease's {@code leaseTransitions} when it took the lease. A
     * takeover by anybody else starts a new term; the same holder taking its own lease again (a resumed build) keeps
     * it. {@link LeaseFence} stamps it on the workload and makes the API server check it on every write.
     */
    public String term() {
        return term;
    }

    /** Who holds this lease (the {@code holderIdentity} written to it). */
    public String holder() {
        return holder;
    }

    /** The Lease object's name, in the workload's namespace. */
    public String name() {
        return leaseName;
    }

    /** Whether a renewal found the lease deleted or taken by someone else, or it was not renewed within its deadline. */
    public boolean isLost() {
        return lost.isDone();
    }

    /** Why the lease was lost, e.g. {@code taken over by https://ci/job/x/13/}; empty while it is held. */
    public Optional<String> lostReason() {
        return Optional.ofNullable(lost.getNow(null));
    }

    /** Completes with the reason when the lease is lost (on the thread that found out); a rollout stops its waits on it. */
    public CompletionStage<String> whenLost() {
        return lost.minimalCompletionStage();
    }

    /**
     * The fence in front of every write of the rollout: returns if this holder may still act, that is the lease was
     * renewed less than its renew deadline ago and was neither lost nor released. Otherwise the lease is lost from
     * now on (a stalled holder never comes back) and this throws. Cheap: no API call.
     *
     * @throws LeaseLostException the holder must not write any more
     */
    public void checkHeld() {
        if (!lost.isDone() && !released) {
            Instant now = clock.instant();
            if (now.isBefore(renewed.plus(renewDeadline))) {
                return;
            }
            lose(overdue(now) + ": another rollout may take it over");
        }
        throw new LeaseLostException(workload, leaseName, lost.isDone() ? lost.getNow(null) : "it was released");
    }

    /**
     * Stops renewing and deletes the Lease if this holder still holds it. Never throws: if the API server cannot be
     * reached, the Lease expires by itself one TTL after its last renewal.
     *
     * @return whether this call deleted the Lease
     */
    public synchronized boolean release() {
        if (released) {
            return false;
        }
        released = true;
        if (renewal != null) {
            renewal.cancel(false);
        }
        try {
            Lease current = leases().withName(leaseName).get();
            if (current == null || !holder.equals(holderOf(current))) {
                return false;
            }
            // Guarded by the version just read: a takeover in between must not be deleted.
            leases().withName(leaseName).lockResourceVersion(current.getMetadata().getResourceVersion()).delete();
            return true;
        } catch (KubernetesClientException e) {
            return false;
        }
    }

    @Override
    public void close() {
        release();
    }

    private void take() {
        for (int attempt = 1; ; attempt++) {
            Lease current = leases().withName(leaseName).get();
            Instant now = clock.instant();
            try {
                Lease written;
                if (current == null) {
                    written = leases().resource(LeaseRecords.newLease(namespace, leaseName, kindAndName, holder,
                            durationSeconds(), now)).create();
                } else if (holder.equals(holderOf(current)) || LeaseRecords.isExpired(current, now)) {
                    written = leases().resource(LeaseRecords.heldBy(current, holder, durationSeconds(), now)).update();
                } else {
                    throw new RolloutConflictException(LeaseRecords.conflictMessage(workload, current, now),
                            holderOf(current), leaseName);
                }
                renewed = now;
                Integer transitions = written.getSpec() == null ? null : written.getSpec().getLeaseTransitions();
                term = holder + "#" + (transitions == null ? 0 : transitions);
                return;
            } catch (KubernetesClientException e) {
                // 409: someone wrote the lease since it was read. Read again: a rival's fresh lease is refused above.
                if (e.getCode() != 409) {
                    throw e;
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw new RolloutConflictException(workload + " is contended: its lease " + namespace + "/"
                            + leaseName + " changed under each of " + MAX_ATTEMPTS + " attempts to take it", "",
                            leaseName);
                }
            }
        }
    }

    private synchronized void startRenewing(ScheduledExecutorService scheduler) {
        // Three tries before the renew deadline, as client-go retries several times within its renewDeadline.
        long period = Math.max(1, ttl.toMillis() / 6);
        renewal = scheduler.scheduleWithFixedDelay(this::renewQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    private void renewQuietly() {
        try {
            renew();
        } catch (RuntimeException e) {
            // Never let an exception end the periodic task silently; renew() already records what matters.
            synchronized (this) {
                loseIfOverdue(clock.instant(), e);
            }
        }
    }

    synchronized void renew() {
        if (released || lost.isDone()) {
            return;
        }
        Instant now = clock.instant();
        if (!now.isBefore(renewed.plus(renewDeadline))) {
            // Stalled past the deadline (this very task was late): the holder may have been replaced meanwhile.
            lose(overdue(now));
            return;
        }
        try {
            Lease current = leases().withName(leaseName).get();
            if (current == null) {
                lose("the lease " + namespace + "/" + leaseName + " was deleted");
                return;
            }
            if (!holder.equals(holderOf(current))) {
                lose("taken over by " + holderOf(current));
                return;
            }
            leases().resource(LeaseRecords.heldBy(current, holder, durationSeconds(), now)).update();
            renewed = now;
            lastFailure = null;
        } catch (KubernetesClientException e) {
            // A conflict or an outage: the next renewal reads again, unless the lease has run out meanwhile.
            loseIfOverdue(now, e);
        }
    }

    private void loseIfOverdue(Instant now, RuntimeException cause) {
        lastFailure = cause.getMessage();
        Instant after = clock.instant();
        if (!lost.isDone() && !after.isBefore(renewed.plus(renewDeadline))) {
            lose(overdue(after));
        }
    }

    private String overdue(Instant now) {
        String failure = lastFailure;
        return "not renewed for " + Duration.between(renewed, now).toMillis() + " ms, beyond its renew deadline of "
                + renewDeadline.toMillis() + " ms (TTL " + ttl.toMillis() + " ms)"
                + (failure == null ? "" : "; last attempt: " + failure);
    }

    /** First reason wins; callable from any thread (the renewal, or a write's fence). */
    private void lose(String reason) {
        if (lost.complete(reason)) {
            ScheduledFuture<?> task = renewal;
            if (task != null) {
                task.cancel(false);
            }
        }
    }

    private int durationSeconds() {
        return (int) Math.max(1, (ttl.toMillis() + 999) / 1000);
    }

    private NonNamespaceOperation<Lease, LeaseList, Resource<Lease>> leases() {
        return client.leases().inNamespace(namespace);
    }
}
