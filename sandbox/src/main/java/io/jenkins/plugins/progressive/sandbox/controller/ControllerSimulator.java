package io.jenkins.plugins.progressive.sandbox.controller;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A control plane for the mock API server, which has none: Deployment, ReplicaSet, StatefulSet, kubelet and Job
 * controllers.
 *
 * <p>It is watch-driven: every change to a Deployment, ReplicaSet, StatefulSet, pod or Job triggers a reconcile pass
 * (coalesced), and while something changes by time alone (a pod starting, {@code minReadySeconds}) passes repeat every
 * {@link Pace#tick()}. Each pass reads fresh lists from the API server, so it always acts on what a real controller
 * would see, including changes that clients made a moment ago. One thread does all the work, in order, like the
 * single-writer controllers of a real cluster.
 */
public final class ControllerSimulator implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ControllerSimulator.class.getName());

    private final KubernetesClient client;
    private final Pace pace;
    private final Clock clock;
    private final WorkloadFaults faults = new WorkloadFaults();
    private final PodClock podClock = new PodClock();
    private final DeploymentController deployments;
    private final ReplicaSetController replicaSets;
    private final StatefulSetController statefulSets;
    private final Kubelet kubelet;
    private final JobController jobs;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sandbox-controller");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean passRequested = new AtomicBoolean();
    private final AtomicLong passes = new AtomicLong();
    private final List<Watch> watches = new ArrayList<>();

    /** @param client a control-plane client (faults injected into the API server do not apply to it) */
    public ControllerSimulator(KubernetesClient client, Pace pace, Clock clock) {
        this.client = client;
        this.pace = pace;
        this.clock = clock;
        this.deployments = new DeploymentController(client);
        this.replicaSets = new ReplicaSetController(client, podClock);
        this.statefulSets = new StatefulSetController(client, podClock);
        this.kubelet = new Kubelet(client, faults, podClock, pace);
        this.jobs = new JobController(client, faults, pace);
    }

    /** Starts watching and reconciling. */
    public ControllerSimulator start() {
        watches.add(client.apps().deployments().inAnyNamespace().watch(trigger()));
        watches.add(client.apps().replicaSets().inAnyNamespace().watch(trigger()));
        watches.add(client.apps().statefulSets().inAnyNamespace().watch(trigger()));
        watches.add(client.pods().inAnyNamespace().watch(trigger()));
        watches.add(client.batch().v1().jobs().inAnyNamespace().watch(trigger()));
        loop.scheduleWithFixedDelay(this::requestPass, 0, pace.resync().toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Faults per image: pods that never get ready, crash-loop or start slowly; Jobs that fail or hang. */
    public WorkloadFaults faults() {
        return faults;
    }

    public Pace pace() {
        return pace;
    }

    private <T> Watcher<T> trigger() {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, T resource) {
                requestPass();
            }

            @Override
            public void onClose(WatcherException cause) {
                LOG.log(Level.WARNING, "sandbox controller watch closed: " + cause.getMessage());
            }
        };
    }

    private void requestPass() {
        if (passRequested.compareAndSet(false, true) && !loop.isShutdown()) {
            loop.execute(this::pass);
        }
    }

    private void pass() {
        passRequested.set(false);
        try {
            boolean busy = reconcile();
            passes.incrementAndGet();
            if (busy) {
                loop.schedule(this::requestPass, pace.tick().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            if (!loop.isShutdown()) {
                // A real controller retries on error; so does this one, on the next tick.
                LOG.log(Level.DEBUG, "sandbox controller pass failed, retrying", e);
                loop.schedule(this::requestPass, pace.tick().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** One pass over the cluster; returns whether time alone will change something soon. */
    private boolean reconcile() {
        long now = clock.millis();
        List<Deployment> allDeployments = client.apps().deployments().inAnyNamespace().list().getItems();
        List<ReplicaSet> allReplicaSets = client.apps().replicaSets().inAnyNamespace().list().getItems();
        boolean wrote = false;
        for (Deployment deployment : allDeployments) {
            wrote |= deployments.rollout(deployment, Ownership.ownedBy(allReplicaSets, deployment));
        }
        if (wrote) {
            allReplicaSets = client.apps().replicaSets().inAnyNamespace().list().getItems();
        }
        List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
        podClock.retain(pods);
        boolean busy = kubelet.reconcile(pods, now);
        for (ReplicaSet replicaSet : allReplicaSets) {
            busy |= replicaSets.reconcile(replicaSet, Ownership.ownedBy(pods, replicaSet), now);
        }
        busy |= reconcileStatefulSets(pods, now);
        for (Deployment deployment : allDeployments) {
            deployments.updateStatus(deployment, Ownership.ownedBy(allReplicaSets, deployment), clock.instant());
        }
        busy |= jobs.reconcile(client.batch().v1().jobs().inAnyNamespace().list().getItems(), now);
        return busy;
    }

    /**
     * StatefulSets after the kubelet, so they see this pass's pod statuses. One StatefulSet that cannot be reconciled
     * (say, a name taken by an object it does not own) is retried on the next tick without holding up the others.
     */
    private boolean reconcileStatefulSets(List<Pod> pods, long now) {
        List<StatefulSet> allStatefulSets = client.apps().statefulSets().inAnyNamespace().list().getItems();
        if (allStatefulSets.isEmpty()) {
            return false;
        }
        List<ControllerRevision> revisions = client.apps().controllerRevisions().inAnyNamespace().list().getItems();
        boolean busy = false;
        for (StatefulSet statefulSet : allStatefulSets) {
            try {
                busy |= statefulSets.reconcile(statefulSet, Ownership.ownedBy(pods, statefulSet),
                        Ownership.ownedBy(revisions, statefulSet), now);
            } catch (KubernetesClientException e) {
                LOG.log(Level.DEBUG, "sandbox controller could not reconcile StatefulSet "
                        + statefulSet.getMetadata().getNamespace() + "/" + statefulSet.getMetadata().getName(), e);
                busy = true;
            }
        }
        return busy;
    }

    /** How many reconcile passes have completed so far (tests wait for "a few more passes" with it). */
    long completedPasses() {
        return passes.get();
    }

    @Override
    public void close() {
        watches.forEach(Watch::close);
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
