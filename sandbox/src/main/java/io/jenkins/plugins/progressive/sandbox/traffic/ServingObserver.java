package io.jenkins.plugins.progressive.sandbox.traffic;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Watchable;
import io.jenkins.plugins.progressive.sandbox.workload.PodEndpoint;
import io.jenkins.plugins.progressive.sandbox.workload.PodIdentity;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * An observer outside any rollout engine: follows, through watches, the pods, Services and routing objects of a
 * namespace and re-evaluates at every change where a plain request to Service {@code host} can go, the way the
 * sandbox routes it ({@link TrafficResolver}): every backend a request can reach with a positive probability, and the
 * ready pods of each, by version. A reachable backend without a ready pod (a 503 for its share of the requests), a
 * request no backend takes (404/500/503), or a reachable version outside the allowed ones is a violation at that
 * instant. {@link #fewestReadyPods()} is the smallest number of ready pods traffic could reach at any instant.
 *
 * <p>Unlike a load generator, which samples, this sees every state the watches report, however short. Changes of
 * different kinds arrive on different watches; a change and the one it causes (a write and the controller's answer,
 * or the rollout's next write) are at least one API round trip apart, so they are seen in their order.
 *
 * <pre>{@code
 * try (ServingObserver serving = ServingObserver.watch(client, "shop", "web", Set.of("1.0", "2.0"))) {
 *     serving.awaitServing(Set.of("1.0"));
 *     ... run the rollout ...
 *     assertThat(serving.violations()).isEmpty();
 * }
 * }</pre>
 */
public final class ServingObserver implements AutoCloseable {

    private static final URI NOT_SERVED = URI.create("http://observed.invalid/");
    /** More tickets than this and the weights are sampled at even steps: a weight below total/this may be missed. */
    private static final long MAX_TICKETS = 10_000;
    private static final TrafficRequest PLAIN = new TrafficRequest("/", Map.of());

    private final String namespace;
    private final String host;
    private final Set<String> allowed;
    private final long start = System.nanoTime();
    private final Map<String, Pod> pods = new HashMap<>();
    private final Map<String, Service> services = new HashMap<>();
    private final Map<String, HTTPRoute> httpRoutes = new HashMap<>();
    private final Map<String, GenericKubernetesResource> virtualServices = new HashMap<>();
    private final Map<String, GenericKubernetesResource> destinationRules = new HashMap<>();
    private final Map<String, Ingress> ingresses = new HashMap<>();
    private final List<Watch> watches = new ArrayList<>();
    private final List<String> history = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private Serving last;
    /** False while the first lists are applied: a half-listed namespace is no instant of the cluster. */
    private boolean listed;
    private int fewest = Integer.MAX_VALUE;

    /**
     * What traffic can reach at one instant.
     *
     * @param backends per reachable backend (Service, plus subset labels if any): its ready pods by version
     * @param problems why some requests would get no pod (empty when every request reaches a ready pod)
     */
    public record Serving(Map<String, Map<String, Integer>> backends, List<String> problems) {

        /** The versions traffic can reach. */
        public Set<String> versions() {
            Set<String> versions = new TreeSet<>();
            backends.values().forEach(v -> versions.addAll(v.keySet()));
            return versions;
        }

        /** Ready pods over all reachable backends (a pod behind two backends counts twice). */
        public int readyPods() {
            return backends.values().stream().flatMap(v -> v.values().stream()).mapToInt(Integer::intValue).sum();
        }
    }

    private ServingObserver(String namespace, String host, Set<String> allowed) {
        this.namespace = namespace;
        this.host = host;
        this.allowed = Set.copyOf(allowed);
    }

    /**
     * Starts observing; call it while nothing changes yet (watches are opened before the first list, and a list item
     * never replaces a newer watched version).
     *
     * @param allowed the versions traffic may reach at any instant of what is observed
     */
    public static ServingObserver watch(KubernetesClient client, String namespace, String host, Set<String> allowed) {
        Objects.requireNonNull(client, "client must not be null");
        ServingObserver observer = new ServingObserver(Objects.requireNonNull(namespace, "namespace must not be null"),
                Objects.requireNonNull(host, "host must not be null"), Objects.requireNonNull(allowed, "allowed must not be null"));
        observer.follow(client.pods().inNamespace(namespace), observer.pods);
        observer.follow(client.services().inNamespace(namespace), observer.services);
        observer.follow(client.resources(HTTPRoute.class).inNamespace(namespace), observer.httpRoutes);
        observer.follow(client.genericKubernetesResources(RoutingSnapshot.VIRTUAL_SERVICE).inNamespace(namespace),
                observer.virtualServices);
        observer.follow(client.genericKubernetesResources(RoutingSnapshot.DESTINATION_RULE).inNamespace(namespace),
                observer.destinationRules);
        observer.follow(client.network().v1().ingresses().inNamespace(namespace), observer.ingresses);
        client.pods().inNamespace(namespace).list().getItems().forEach(p -> observer.apply(observer.pods, p, false));
        client.services().inNamespace(namespace).list().getItems().forEach(s -> observer.apply(observer.services, s, false));
        client.resources(HTTPRoute.class).inNamespace(namespace).list().getItems()
                .forEach(r -> observer.apply(observer.httpRoutes, r, false));
        client.genericKubernetesResources(RoutingSnapshot.VIRTUAL_SERVICE).inNamespace(namespace).list().getItems()
                .forEach(v -> observer.apply(observer.virtualServices, v, false));
        client.genericKubernetesResources(RoutingSnapshot.DESTINATION_RULE).inNamespace(namespace).list().getItems()
                .forEach(d -> observer.apply(observer.destinationRules, d, false));
        client.network().v1().ingresses().inNamespace(namespace).list().getItems()
                .forEach(i -> observer.apply(observer.ingresses, i, false));
        observer.listed();
        return observer;
    }

    private <T extends HasMetadata> void follow(Watchable<T> watchable, Map<String, T> into) {
        watches.add(watchable.watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, T object) {
                apply(into, object, action == Action.DELETED);
            }

            @Override
            public void onClose(WatcherException cause) {
                if (cause != null) {
                    closed(cause);
                }
            }
        }));
    }

    private synchronized <T extends HasMetadata> void apply(Map<String, T> into, T object, boolean deleted) {
        String name = object.getMetadata().getName();
        if (deleted) {
            into.remove(name);
        } else {
            T known = into.get(name);
            if (known != null && version(known) > version(object)) {
                return; // a list item older than what a watch already reported
            }
            into.put(name, object);
        }
        evaluate();
    }

    private synchronized void listed() {
        listed = true;
        evaluate();
    }

    private static long version(HasMetadata object) {
        try {
            return Long.parseLong(object.getMetadata().getResourceVersion());
        } catch (NumberFormatException | NullPointerException notNumeric) {
            return 0;
        }
    }

    private synchronized void closed(WatcherException cause) {
        // An observer that stopped seeing cannot vouch for what it did not see.
        violations.add(at() + "a watch closed: " + cause.getMessage());
        notifyAll();
    }

    private void evaluate() {
        if (!listed) {
            return;
        }
        RoutingSnapshot snapshot = new RoutingSnapshot(namespace, services, List.copyOf(httpRoutes.values()),
                List.copyOf(virtualServices.values()), List.copyOf(destinationRules.values()),
                List.copyOf(ingresses.values()));
        List<PodEndpoint> ready = pods.values().stream().filter(PodIdentity::isReady)
                .filter(p -> PodIdentity.service(p).isPresent())
                .map(p -> new PodEndpoint(namespace, p.getMetadata().getName(), PodIdentity.service(p).get(),
                        PodIdentity.version(p), p.getMetadata().getLabels(), NOT_SERVED))
                .toList();
        Map<String, Map<String, Integer>> backends = new TreeMap<>();
        Set<String> problems = new LinkedHashSet<>();
        for (RouteDecision decision : decisions(snapshot, ready)) {
            if (decision instanceof RouteDecision.NoRoute noRoute) {
                problems.add(noRoute.status() + " " + noRoute.reason());
                continue;
            }
            RouteDecision.ToService target = (RouteDecision.ToService) decision;
            String backend = target.service() + (target.subsetLabels().isEmpty() ? "" : " " + target.subsetLabels());
            Map<String, Integer> byVersion = new TreeMap<>();
            TrafficResolver.podsOf(snapshot, ready, target.service(), target.subsetLabels())
                    .forEach(p -> byVersion.merge(p.version(), 1, Integer::sum));
            backends.put(backend, byVersion);
            if (byVersion.isEmpty()) {
                problems.add("503 " + target.via() + ": no ready pod for " + backend);
            }
        }
        Serving now = new Serving(backends, List.copyOf(problems));
        if (now.equals(last)) {
            return;
        }
        last = now;
        fewest = Math.min(fewest, now.readyPods());
        history.add(at() + now.backends() + (now.problems().isEmpty() ? "" : " " + now.problems()));
        Set<String> unexpected = new TreeSet<>(now.versions());
        unexpected.removeAll(allowed);
        if (!now.problems().isEmpty() || !unexpected.isEmpty()) {
            violations.add(at() + (unexpected.isEmpty() ? "" : "versions " + unexpected + " reachable; ")
                    + now.problems() + " " + now.backends());
        }
        notifyAll();
    }

    /** Every decision a plain request can get, by trying every ticket of the one weighted choice routing makes. */
    private Set<RouteDecision> decisions(RoutingSnapshot snapshot, List<PodEndpoint> ready) {
        Set<RouteDecision> decisions = new LinkedHashSet<>();
        Tickets tickets = new Tickets();
        java.util.function.Predicate<String> hasEndpoints =
                service -> !TrafficResolver.podsOf(snapshot, ready, service, Map.of()).isEmpty();
        decisions.add(TrafficResolver.decide(snapshot, host, PLAIN, tickets, hasEndpoints));
        long bound = tickets.bound;
        long step = Math.max(1, bound / MAX_TICKETS);
        for (long ticket = step; ticket < bound; ticket += step) {
            tickets.ticket = ticket;
            decisions.add(TrafficResolver.decide(snapshot, host, PLAIN, tickets, hasEndpoints));
        }
        return decisions;
    }

    private String at() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + "ms ";
    }

    /** Waits (up to {@code timeout}) until traffic reaches exactly these versions and every request a ready pod. */
    public synchronized void awaitServing(Set<String> versions, java.time.Duration timeout) throws InterruptedException {
        await(() -> last != null && last.problems().isEmpty() && last.versions().equals(versions),
                "traffic reaching exactly " + versions, timeout);
    }

    /** Waits until {@code condition} holds for what traffic can reach now. */
    public synchronized void await(java.util.function.Predicate<Serving> condition, String what,
                                   java.time.Duration timeout) throws InterruptedException {
        await(() -> last != null && condition.test(last), what, timeout);
    }

    private void await(BooleanSupplier reached, String what, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what + " within " + timeout + ": " + history);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Where traffic can go now. */
    public synchronized Serving now() {
        return last;
    }

    /** Forgets the fewest ready pods seen so far: from now on {@link #fewestReadyPods()} starts at the present. */
    public synchronized void resetFewest() {
        fewest = last == null ? Integer.MAX_VALUE : last.readyPods();
    }

    /** The fewest ready pods traffic could reach at any instant since the start or {@link #resetFewest()}. */
    public synchronized int fewestReadyPods() {
        return fewest;
    }

    /** The instants that broke the rules, with what traffic could reach then. */
    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** Every change of what traffic could reach, with the milliseconds since the start. */
    public synchronized List<String> history() {
        return List.copyOf(history);
    }

    @Override
    public void close() {
        watches.forEach(Watch::close);
    }

    /** Answers the one bounded draw routing makes with a chosen ticket, and remembers the draw's bound. */
    private static final class Tickets implements RandomGenerator {
        long ticket;
        long bound = 1;

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException("routing draws bounded numbers only");
        }

        @Override
        public long nextLong(long drawBound) {
            bound = drawBound;
            return Math.min(ticket, drawBound - 1);
        }

        @Override
        public int nextInt(int drawBound) {
            return (int) nextLong(drawBound);
        }
    }
}
