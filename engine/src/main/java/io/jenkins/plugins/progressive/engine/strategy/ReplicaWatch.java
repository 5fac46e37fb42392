package io.jenkins.plugins.progressive.engine.strategy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRolloutStatus;
import io.jenkins.plugins.progressive.engine.cluster.RolloutStatus;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.event.VersionReplicas;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Follows the replica counts of the Deployments a canary (stable, canary) or blue/green release (blue, green) runs its
 * versions in, and tells the listener a {@link RolloutEvent.Replicas} each time any count changes, so the progress
 * page can draw bars per version. A watch per Deployment delivers changes as they happen; its callback only copies
 * numbers out of the object it was handed (fabric8's HTTP threads must not block) and hands the rest to the shared
 * scheduler. A slow re-read on the scheduler covers a watch that drops silently. No thread of its own.
 */
public final class ReplicaWatch {

    /** Only a safety net under the watches, so it can be slow: two GETs per rollout every ten seconds. */
    private static final long RECHECK_MILLIS = 10_000;

    private final RolloutContext context;
    private final String namespace;
    private final String container;
    /** Deployment name to its role, in the order the page lists them. */
    private final Map<String, String> roles = new LinkedHashMap<>();
    private final Map<String, VersionReplicas> latest = new HashMap<>();
    private final List<Watch> watches = new ArrayList<>();
    private List<VersionReplicas> sent = List.of();
    private ScheduledFuture<?> recheck;
    private boolean started;
    private boolean stopped;

    /**
     * @param container the container whose image tag names a Deployment's version (the plan's first changed one)
     */
    public ReplicaWatch(RolloutContext context, String namespace, String container) {
        this.context = context;
        this.namespace = namespace;
        this.container = container;
    }

    /** Adds a Deployment to follow, e.g. {@code ("canary", "cart-canary")}; before {@link #start()}. */
    public synchronized ReplicaWatch follow(String role, String deployment) {
        roles.put(deployment, role);
        return this;
    }

    /**
     * Reads the Deployments once (blocking: call it where the strategy already makes API calls, never on a watch
     * callback), reports their counts, and from then on reports every change until {@link #stop()}. Starting twice
     * is harmless.
     */
    public synchronized void start() {
        if (started || stopped) {
            return;
        }
        started = true;
        readAll();
        emit();
        for (String name : roles.keySet()) {
            try {
                watches.add(deployment(name).watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Deployment object) {
                        observe(name, action == Action.DELETED ? null : object);
                        later(ReplicaWatch.this::emit);
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                        // The re-read keeps the counts coming; fabric8 reconnects watches by itself.
                    }
                }));
            } catch (KubernetesClientException e) {
                // The API server would not open the watch (5xx, 429): the re-read carries the counts alone. The bars
                // on the page are no reason to fail a rollout.
            }
        }
        recheck = context.scheduler().scheduleWithFixedDelay(() -> {
            readAll();
            emit();
        }, RECHECK_MILLIS, RECHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops following and reports the counts one last time (a scale-down the rollout just wrote shows as desired 0).
     * Blocking like {@link #start()}: the strategies call it on the scheduler as they finish.
     */
    public void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            watches.forEach(Watch::close);
            if (recheck != null) {
                recheck.cancel(false);
            }
            if (!started) {
                return;
            }
        }
        readAll();
        synchronized (this) {
            send();
        }
    }

    private void readAll() {
        for (String name : List.copyOf(roles.keySet())) {
            try {
                observe(name, deployment(name).get());
            } catch (RuntimeException e) {
                // An API hiccup: the watch or the next re-read delivers.
            }
        }
    }

    /** Copies the counts out of an observed Deployment: no I/O, safe on a watch callback. */
    private synchronized void observe(String name, Deployment deployment) {
        if (deployment == null) {
            latest.remove(name);
            return;
        }
        RolloutStatus status = DeploymentRolloutStatus.of(deployment);
        String version = deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(container)).map(c -> ImageChange.tagOf(c.getImage())).findFirst()
                .orElse("unknown");
        VersionReplicas before = latest.get(name);
        // The template changed under our eyes (a promotion, a slot getting the new version): the pods not yet
        // updated run what it ran before.
        String previous = before == null ? null
                : before.version().equals(version) ? before.previousVersion() : before.version();
        latest.put(name, new VersionReplicas(roles.get(name), name, version, previous, status.desired(),
                status.updated(), status.ready(), status.available(), status.total()));
    }

    private synchronized void emit() {
        if (!stopped) {
            send();
        }
    }

    private void send() {
        List<VersionReplicas> now = roles.keySet().stream().map(latest::get).filter(v -> v != null).toList();
        if (now.isEmpty() || now.equals(sent)) {
            return;
        }
        sent = now;
        context.listener().onEvent(new RolloutEvent.Replicas(context.clock().instant(), now, "replicas: "
                + now.stream().map(VersionReplicas::describe).collect(Collectors.joining("; "))));
    }

    private void later(Runnable task) {
        try {
            context.scheduler().execute(task);
        } catch (RejectedExecutionException e) {
            // The engine is shutting down: nobody is left to show the counts to.
        }
    }

    private Resource<Deployment> deployment(String name) {
        return context.client().apps().deployments().inNamespace(namespace).withName(name);
    }
}
