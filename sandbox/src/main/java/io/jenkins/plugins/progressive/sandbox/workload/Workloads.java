package io.jenkins.plugins.progressive.sandbox.workload;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running workloads of the sandbox: one HTTP server per READY pod, found by watching Pods in
 * all namespaces through the given client, and a Prometheus {@code file_sd} file listing them.
 *
 * <p>A pod is a workload when it has label {@code app} (its service); its version is label
 * {@code version}, else the tag of its first container image. A server starts when the pod
 * becomes ready (condition Ready=True, no deletionTimestamp) and stops when it is deleted or no
 * longer ready. Every version behaves as its {@link VersionProfile} says, healthy by default.
 * Each pod also exports the CPU, memory, request and limit series a cluster would have for it
 * (see {@link ResourceMetrics}); requests and limits are read from the pod spec when it becomes ready.
 *
 * <pre>{@code
 * try (Workloads workloads = Workloads.start(client, prometheus.targetsFile("demo"))) {
 *     workloads.setProfile("web", "v2", VersionProfile.healthy().withErrorRate(0.2));
 * }
 * }</pre>
 */
public final class Workloads implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Workloads.class);
    /** Handlers only parse a request and schedule its answer, so a few threads serve all pods. */
    private static final int HANDLER_THREADS = 4;
    private static final int DELAY_THREADS = 2;

    private final FileSdWriter targets;
    private final ExecutorService handlers;
    private final ScheduledExecutorService delays;
    /** Stops the servers of pods that went away; each waits for its requests in flight (see PodServer#drain). */
    private final ExecutorService stoppers;
    private final LongSupplier nanoTime;
    private final Map<ServiceVersion, VersionProfile> profiles = new ConcurrentHashMap<>();
    private final Map<String, RunningPod> running = new ConcurrentHashMap<>();
    private SharedIndexInformer<Pod> informer;
    private boolean closed;

    private Workloads(Path fileSdPath, LongSupplier nanoTime) {
        this.targets = new FileSdWriter(fileSdPath);
        this.nanoTime = nanoTime;
        this.handlers = Executors.newFixedThreadPool(HANDLER_THREADS, daemonThreads("workload-http"));
        this.delays = Executors.newScheduledThreadPool(DELAY_THREADS, daemonThreads("workload-latency"));
        this.stoppers = Executors.newCachedThreadPool(daemonThreads("workload-stop"));
    }

    /**
     * Starts serving the ready pods the client sees, now and as they change.
     *
     * @param client     client of the (mock) API server; pods are watched in all namespaces
     * @param fileSdPath where to write the Prometheus file_sd target list (JSON); replaced atomically
     *                   on every change and deleted on {@link #close()}
     */
    public static Workloads start(KubernetesClient client, Path fileSdPath) {
        return start(client, fileSdPath, System::nanoTime);
    }

    /** As {@link #start(KubernetesClient, Path)}, with the clock CPU time is counted by (tests). */
    static Workloads start(KubernetesClient client, Path fileSdPath, LongSupplier nanoTime) {
        Objects.requireNonNull(client, "client must not be null");
        Objects.requireNonNull(fileSdPath, "fileSdPath must not be null");
        Workloads workloads = new Workloads(fileSdPath, nanoTime);
        workloads.targets.write(List.of());
        // inform() returns after the initial list, so pods that exist already are served on return.
        workloads.informer = client.pods().inAnyNamespace().inform(workloads.new PodEvents(), 0);
        return workloads;
    }

    /**
     * Changes how every pod of {@code version} of {@code service} behaves, from the next request on;
     * its CPU counters grow at the new usage from now on.
     */
    public void setProfile(String service, String version, VersionProfile profile) {
        Objects.requireNonNull(profile, "profile must not be null");
        ServiceVersion key = new ServiceVersion(service, version);
        // Under the lock reconcile holds while it starts a pod, so a pod that read the old profile
        // is in `running` by now and hears of the change.
        synchronized (this) {
            profiles.put(key, profile);
            running.values().stream()
                    .filter(p -> p.server().service().equals(service) && p.server().version().equals(version))
                    .forEach(p -> p.resources().profileChanged(profile));
        }
    }

    /** The current profile of a version; {@link VersionProfile#healthy()} unless set. */
    public VersionProfile profile(String service, String version) {
        return profiles.getOrDefault(new ServiceVersion(service, version), VersionProfile.healthy());
    }

    /** The pods being served now, with their URIs. */
    public List<PodEndpoint> endpoints() {
        return running.values().stream().map(RunningPod::endpoint).toList();
    }

    /** The endpoint of one pod, if it is ready and served. */
    public Optional<PodEndpoint> endpoint(String namespace, String podName) {
        return Optional.ofNullable(running.get(namespace + "/" + podName)).map(RunningPod::endpoint);
    }

    /** The file_sd target list this instance maintains. */
    public Path fileSdPath() {
        return targets.file();
    }

    /** Stops watching, stops every pod server and deletes the target list. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // Outside the lock: an informer callback may be waiting for it, and close may wait for that.
        if (informer != null) {
            informer.close();
        }
        synchronized (this) {
            running.values().forEach(p -> p.server().close());
            running.clear();
            targets.delete();
        }
        stoppers.shutdown();
        delays.shutdownNow();
        handlers.shutdownNow();
    }

    private synchronized void reconcile(Pod pod) {
        if (closed) {
            return;
        }
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        Optional<String> service = PodIdentity.service(pod);
        if (!PodIdentity.isReady(pod) || service.isEmpty()) {
            stop(key);
            return;
        }
        String version = PodIdentity.version(pod);
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of()
                : new HashMap<>(pod.getMetadata().getLabels());
        RunningPod current = running.get(key);
        if (current != null && current.server().service().equals(service.get())
                && current.server().version().equals(version)) {
            if (!current.endpoint().labels().equals(labels)) {
                running.put(key, current.withLabels(labels));
                targets.write(endpointsForFile());
            }
            return;
        }
        stopQuietly(key, true);
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        try {
            ResourceMetrics resources = new ResourceMetrics(namespace, name, ContainerResources.of(pod),
                    profile(service.get(), version), nanoTime);
            PodServer server = new PodServer(key, service.get(), version,
                    () -> profile(service.get(), version), resources, handlers, delays);
            PodEndpoint endpoint = new PodEndpoint(namespace, name, service.get(), version, labels, server.uri());
            running.put(key, new RunningPod(server, resources, endpoint));
            LOG.debug("pod {} ready: {} {} at {}", key, service.get(), version, endpoint.uri());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a server for pod " + key, e);
        }
        targets.write(endpointsForFile());
    }

    private synchronized void stop(String key) {
        if (!closed && stopQuietly(key, false)) {
            targets.write(endpointsForFile());
        }
    }

    /** @param now whether to stop at once (a pod replaced under the same name) rather than drain */
    private boolean stopQuietly(String key, boolean now) {
        RunningPod removed = running.remove(key);
        if (removed == null) {
            return false;
        }
        if (now) {
            removed.server().close();
        } else {
            removed.server().drain(stoppers);
        }
        LOG.debug("pod {} stopped", key);
        return true;
    }

    private List<PodEndpoint> endpointsForFile() {
        return new ArrayList<>(endpoints());
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private record ServiceVersion(String service, String version) {
        ServiceVersion {
            Objects.requireNonNull(service, "service must not be null");
            Objects.requireNonNull(version, "version must not be null");
        }
    }

    private record RunningPod(PodServer server, ResourceMetrics resources, PodEndpoint endpoint) {
        RunningPod withLabels(Map<String, String> labels) {
            return new RunningPod(server, resources, new PodEndpoint(endpoint.namespace(), endpoint.name(),
                    endpoint.service(), endpoint.version(), labels, endpoint.uri()));
        }
    }

    /** Informer callbacks arrive on one thread, in order, per pod. */
    private final class PodEvents implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            reconcile(pod);
        }

        @Override
        public void onUpdate(Pod oldPod, Pod newPod) {
            reconcile(newPod);
        }

        @Override
        public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            stop(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
        }
    }
}
