package io.jenkins.plugins.progressive.engine.strategy.canary;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * An observer outside the engine: follows every pod a Service selects through a watch and records, at each change,
 * how many are ready and of which version. {@link #fewest()} is the lowest count seen since {@link #await(int)} first
 * saw the wanted number, i.e. the capacity the Service really had at its worst instant.
 */
final class ReadyPods implements AutoCloseable {

    private final Map<String, String> readyVersionByPod = new HashMap<>();
    private final List<String> history = new ArrayList<>();
    private final long start = System.nanoTime();
    private Map<String, Integer> lastByVersion = Map.of();
    private boolean armed;
    private int fewest = Integer.MAX_VALUE;
    private Watch watch;

    private ReadyPods() {
    }

    static ReadyPods watch(KubernetesClient client, String namespace, Map<String, String> selector) {
        ReadyPods pods = new ReadyPods();
        // Watch first, then list: nothing changes in between (no rollout runs yet), and no event can be missed.
        pods.watch = client.pods().inNamespace(namespace).withLabels(selector).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                pods.update(pod, action == Action.DELETED);
            }

            @Override
            public void onClose(WatcherException cause) {
                pods.closed(cause);
            }
        });
        client.pods().inNamespace(namespace).withLabels(selector).list().getItems().forEach(p -> pods.update(p, false));
        return pods;
    }

    private synchronized void update(Pod pod, boolean deleted) {
        String name = pod.getMetadata().getName();
        boolean ready = !deleted && pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
                && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        if (ready) {
            readyVersionByPod.put(name, ImageChange.tagOf(pod.getSpec().getContainers().get(0).getImage()));
        } else {
            readyVersionByPod.remove(name);
        }
        Map<String, Integer> byVersion = new TreeMap<>();
        readyVersionByPod.values().forEach(v -> byVersion.merge(v, 1, Integer::sum));
        if (!byVersion.equals(lastByVersion)) {
            lastByVersion = byVersion;
            history.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + "ms " + byVersion);
        }
        if (armed) {
            fewest = Math.min(fewest, readyVersionByPod.size());
        }
        notifyAll();
    }

    private synchronized void closed(WatcherException cause) {
        if (cause != null) {
            history.add("watch closed: " + cause.getMessage());
            fewest = -1; // an observer that stopped seeing cannot vouch for anything
        }
        notifyAll();
    }

    /** Waits until at least {@code count} pods are ready, and from then on keeps the fewest ready. */
    synchronized void await(int count) throws InterruptedException {
        awaitState(() -> readyVersionByPod.size() >= count, "at least " + count + " ready pods");
        armed = true;
        fewest = Math.min(fewest, readyVersionByPod.size());
    }

    /** Waits until exactly these versions are ready, in these numbers. */
    synchronized void await(Map<String, Integer> byVersion) throws InterruptedException {
        awaitState(() -> lastByVersion.equals(new TreeMap<>(byVersion)), "ready pods " + byVersion);
    }

    private void awaitState(java.util.function.BooleanSupplier reached, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!reached.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what + " within 60 s: " + history);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    synchronized int fewest() {
        return fewest;
    }

    synchronized List<String> history() {
        return List.copyOf(history);
    }

    @Override
    public void close() {
        watch.close();
    }
}
