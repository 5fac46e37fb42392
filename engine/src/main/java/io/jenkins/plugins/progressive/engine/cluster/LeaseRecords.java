package io.jenkins.plugins.progressive.engine.cluster;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** Reading and writing the fields of a workload's Lease: who holds it, since when, and whether it has expired. */
final class LeaseRecords {

    /** The usual label of objects that a tool manages, so operators can list every lease of this plugin. */
    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY = "progressive-delivery";
    /** The workload the lease guards, e.g. {@code Deployment/web}, for {@code kubectl get lease -o yaml}. */
    static final String WORKLOAD_ANNOTATION = "progressive-delivery.jenkins.io/workload";

    private LeaseRecords() {
    }

    static Lease newLease(String namespace, String name, String workload, String holder, int durationSeconds,
            Instant now) {
        return new LeaseBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace)
                    .addToLabels(MANAGED_BY_LABEL, MANAGED_BY).addToAnnotations(WORKLOAD_ANNOTATION, workload)
                .endMetadata()
                .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(durationSeconds)
                    .withAcquireTime(utc(now)).withRenewTime(utc(now)).withLeaseTransitions(0)
                .endSpec().build();
    }

    /**
     * {@code current} as {@code holder} writes it to hold it from {@code now}: a takeover starts a new term (acquire
     * time, one more transition); the same holder only renews. The resourceVersion stays, as the guard of the write.
     */
    static Lease heldBy(Lease current, String holder, int durationSeconds, Instant now) {
        LeaseSpec spec = current.getSpec() == null ? new LeaseSpec() : current.getSpec();
        if (!holder.equals(spec.getHolderIdentity())) {
            spec.setHolderIdentity(holder);
            spec.setAcquireTime(utc(now));
            spec.setLeaseTransitions(spec.getLeaseTransitions() == null ? 1 : spec.getLeaseTransitions() + 1);
        }
        spec.setRenewTime(utc(now));
        spec.setLeaseDurationSeconds(durationSeconds);
        current.setSpec(spec);
        return current;
    }

    static String holderOf(Lease lease) {
        return lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    /** A lease without holder, renewal time or duration protects nothing, as in Kubernetes' leader election. */
    static boolean isExpired(Lease lease, Instant now) {
        LeaseSpec spec = lease.getSpec();
        if (spec == null || spec.getHolderIdentity() == null || spec.getHolderIdentity().isEmpty()
                || spec.getLeaseDurationSeconds() == null) {
            return true;
        }
        return lastRenewal(spec).plusSeconds(spec.getLeaseDurationSeconds()).isBefore(now);
    }

    /** Why {@code workload} cannot be rolled out now, with what a person needs to find the other rollout. */
    static String conflictMessage(String workload, Lease lease, Instant now) {
        LeaseSpec spec = lease.getSpec();
        String since = spec.getAcquireTime() == null ? "an unknown time"
                : spec.getAcquireTime().toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
        Duration age = Duration.between(lastRenewal(spec), now);
        String renewed = age.isNegative() ? "just now" // the holder's clock is ahead of ours
                : age.toSeconds() >= 1 ? age.toSeconds() + " s ago" : age.toMillis() + " ms ago";
        return workload + " is already being rolled out by " + spec.getHolderIdentity() + " (lease held since " + since
                + ", renewed " + renewed + "; lease " + lease.getMetadata().getNamespace() + "/"
                + lease.getMetadata().getName() + " expires " + spec.getLeaseDurationSeconds()
                + " s after its last renewal)";
    }

    private static Instant lastRenewal(LeaseSpec spec) {
        ZonedDateTime last = spec.getRenewTime() != null ? spec.getRenewTime() : spec.getAcquireTime();
        return last == null ? Instant.EPOCH : last.toInstant();
    }

    /** MicroTime: the API server keeps microseconds. */
    static ZonedDateTime utc(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atZone(ZoneOffset.UTC);
    }
}
