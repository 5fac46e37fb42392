package io.jenkins.plugins.progressive.engine.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.impl.BaseClient;
import io.fabric8.kubernetes.client.impl.KubernetesClientImpl;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The one place where a rollout's writes meet its lease (and where its client learns to ride out transient API
 * faults). {@link #client()} is the cluster as the rollout sees it: the
 * same connection, but every POST, PUT, PATCH and DELETE first asks {@link WorkloadLease#checkHeld()}, so once the
 * lease is lost or released nothing more is sent — not a step, not an undo on top of the new holder's work. Until a
 * lease is {@link #acquire acquired} writes pass (a rollout writes nothing before it holds its lease).
 *
 * <p>Why a check in the client and not only in the strategies: a holder that stalls (a long GC pause, a blocked
 * scheduler, a network cut) resumes wherever it was — often right before a write — and only a check at the write
 * itself sees the lease's age at that instant. The check is local and costs no request: the renew deadline (two thirds
 * of the TTL) leaves a third of the TTL between the last moment this holder writes and the first moment a rival may
 * take over, as in client-go's leader election. The lease's own renewals and its release use the unfenced client.
 */
public final class LeaseFence {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final KubernetesClient cluster;
    private final KubernetesClient fenced;
    private volatile WorkloadLease lease;
    /** The workload object whose patches the API server checks against this holder's term; null until stamped. */
    private volatile TermFencedHttpClient.Term term;

    /** A fence in front of {@code cluster}; the derived client shares its connections, so it is never closed. */
    public LeaseFence(KubernetesClient cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.fenced = derive(cluster, new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, Interceptor.RequestTags tags) {
                check(request.method());
            }
        });
    }

    /** The client the rollout writes with. */
    public KubernetesClient client() {
        return fenced;
    }

    /**
     * Takes the workload's lease ({@link WorkloadLease#acquire}) and fences this client's writes with it from now on:
     * locally, and — for a Deployment or StatefulSet that exists — at the API server, by stamping this holder's
     * {@link WorkloadLease#term() term} on it ({@link TermFencedHttpClient}).
     */
    public WorkloadLease acquire(String namespace, String workloadKind, String workloadName, String holder,
            Duration ttl, ScheduledExecutorService scheduler) {
        return acquire(namespace, workloadKind, workloadName, holder, ttl, scheduler, Clock.systemUTC());
    }

    WorkloadLease acquire(String namespace, String workloadKind, String workloadName, String holder, Duration ttl,
            ScheduledExecutorService scheduler, Clock clock) {
        WorkloadLease taken = WorkloadLease.acquire(cluster, namespace, workloadKind, workloadName, holder, ttl,
                scheduler, clock);
        lease = taken;
        stampTerm(namespace, workloadKind, workloadName, taken.term());
        return taken;
    }

    /**
     * Writes this holder's term on the workload, so from now on the API server refuses any earlier holder's patch of
     * it (their test of the annotation fails). The stamp itself is fenced only locally: it is the first write of the
     * new term. A workload that does not exist (yet) is left to the strategy, which refuses or creates it.
     */
    private void stampTerm(String namespace, String workloadKind, String workloadName, String holderTerm) {
        Resource<? extends HasMetadata> workload = switch (workloadKind) {
            case "Deployment" -> fenced.apps().deployments().inNamespace(namespace).withName(workloadName);
            case "StatefulSet" -> fenced.apps().statefulSets().inNamespace(namespace).withName(workloadName);
            default -> null; // blue/green: two slot Deployments and Services, fenced locally
        };
        if (workload == null || holderTerm == null) {
            return;
        }
        HasMetadata object = workload.get();
        if (object == null) {
            return;
        }
        java.util.Map<String, String> annotations = object.getMetadata().getAnnotations();
        // A resumed holder keeps its term: the stamp is already there, and writing it again would be a write for nothing.
        if (annotations == null || !holderTerm.equals(annotations.get(TermFencedHttpClient.ANNOTATION))) {
            workload.patch(PatchContext.of(PatchType.JSON), TermFencedHttpClient.stamp(annotations != null, holderTerm));
        }
        String plural = "Deployment".equals(workloadKind) ? "deployments" : "statefulsets";
        term = new TermFencedHttpClient.Term("/apis/apps/v1/namespaces/" + namespace + "/" + plural + "/" + workloadName,
                holderTerm);
    }

    /** Whether the lease this fence guards was lost (released is not lost); false before one was acquired. */
    public boolean isLost() {
        WorkloadLease current = lease;
        return current != null && current.isLost();
    }

    /** How the rollout ends when its lease is lost: it stops where it is and leaves the workload to the new holder. */
    public String lostMessage(String workload) {
        WorkloadLease current = lease;
        String reason = current == null ? "unknown" : current.lostReason().orElse("unknown");
        return "lost the lease of " + workload + " (" + reason + "): stopped without undoing anything, another rollout "
                + "may own " + workload + " now";
    }

    private void check(String method) {
        WorkloadLease current = lease;
        if (current != null && method != null && WRITES.contains(method)) {
            current.checkHeld();
        }
    }

    /**
     * The same HTTP client with the fence added and transient faults retried ({@link RetryingHttpClient}, outside the
     * fence so every repeated write is fenced again); config, executor and serialization are the original's.
     */
    private KubernetesClient derive(KubernetesClient cluster, Interceptor fence) {
        return derive(cluster, new TermFencedHttpClient(cluster.getHttpClient().newBuilder()
                .addOrReplaceInterceptor("progressive-lease-fence", fence).build(), () -> term), ApiRetryPolicy.DEFAULT);
    }

    /** A client on {@code http} (derived from {@code cluster}'s) that retries by {@code policy}. */
    static KubernetesClient derive(KubernetesClient cluster, io.fabric8.kubernetes.client.http.HttpClient http,
            ApiRetryPolicy policy) {
        BaseClient base = cluster.adapt(BaseClient.class);
        return new KubernetesClientImpl(new RetryingHttpClient(http, policy), cluster.getConfiguration(),
                base::getExecutor, base.getKubernetesSerialization());
    }
}
