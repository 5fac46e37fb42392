package io.jenkins.plugins.progressive.sandbox.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.workload.Eventually;
import io.jenkins.plugins.progressive.sandbox.workload.PodEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulated StatefulSet controller behaves like the real one with {@code OrderedReady}: ordered creation and
 * deletion, partitioned rolling updates from the highest ordinal down, the stall on a pod that never gets ready (and
 * the forced rollback that ends it), and {@code OnDelete}.
 */
class StatefulSetSimulationTest {

    /** Pods ready in 100 ms; an idle cluster is re-examined four times a second, so "a few passes" is quick. */
    private static final Pace PACE = new Pace(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMillis(20),
            Duration.ofMillis(250));
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private static Sandbox sandbox;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().pace(PACE).start(); // with workloads: ready pods serve HTTP behind Services
        client = sandbox.client();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void createsPodsInOrdinalOrderEachAfterItsPredecessorsAreReadyAndScalesDownFromTheTop() throws Exception {
        String ns = "ordered";
        service(ns, "web");
        try (PodEvents events = PodEvents.watch(ns)) {
            create(statefulSet(ns, "web", "shop/db:1", 4).build());
            StatefulSet ready = awaitSet(ns, "web", "4 ready replicas", s -> settled(s) && ready(s) == 4
                    && s.getStatus().getCurrentRevision().equals(s.getStatus().getUpdateRevision()));

            // What kubectl get sts -o yaml shows.
            StatefulSetStatus status = client.apps().statefulSets().inNamespace(ns).withName("web").get().getStatus();
            String revision = status.getUpdateRevision();
            assertThat(revision).matches("web-[bcdfghjklmnpqrstvwxz2456789]+");
            assertThat(status.getObservedGeneration()).isEqualTo(1L).isEqualTo(ready.getMetadata().getGeneration());
            assertThat(status.getReplicas()).isEqualTo(4);
            assertThat(status.getReadyReplicas()).isEqualTo(4);
            assertThat(status.getAvailableReplicas()).isEqualTo(4);
            assertThat(status.getCurrentReplicas()).isEqualTo(4);
            assertThat(status.getUpdatedReplicas()).isEqualTo(4);
            assertThat(status.getCurrentRevision()).isEqualTo(revision);
            assertThat(status.getCollisionCount()).isZero();

            events.await(e -> e.added().size() == 4);
            assertThat(events.added()).containsExactly("web-0", "web-1", "web-2", "web-3");
            // Each pod was created only when every pod below it was Running and Ready.
            assertThat(events.readyBeforeEachAdded()).allSatisfy((pod, readyBefore) ->
                    assertThat(readyBefore).as("pods ready when %s was created", pod)
                            .containsAll(lowerOrdinals("web", ordinalOf(pod))));

            Map<String, Pod> pods = pods(ns);
            assertThat(pods.keySet()).containsExactly("web-0", "web-1", "web-2", "web-3");
            pods.forEach((name, pod) -> {
                assertThat(pod.getMetadata().getLabels()).containsEntry("app", "web")
                        .containsEntry("controller-revision-hash", revision)
                        .containsEntry("statefulset.kubernetes.io/pod-name", name);
                assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
                    assertThat(ref.getKind()).isEqualTo("StatefulSet");
                    assertThat(ref.getUid()).isEqualTo(ready.getMetadata().getUid());
                    assertThat(ref.getController()).isTrue();
                });
                assertThat(pod.getSpec().getHostname()).isEqualTo(name);
                assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo("shop/db:1");
            });
            List<ControllerRevision> revisions = revisions(ns);
            assertThat(revisions).singleElement().satisfies(r -> {
                assertThat(r.getMetadata().getName()).isEqualTo(revision);
                assertThat(r.getRevision()).isEqualTo(1L);
                assertThat(r.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo(ready.getMetadata().getUid());
            });

            // The ready pods are the Service's endpoints and answer through the API server's service proxy.
            Eventually.await("web-0..3 served behind Service web", TIMEOUT, () -> endpoints(ns, "web"),
                    e -> e.keySet().equals(Set.of("web-0", "web-1", "web-2", "web-3")));
            assertThat(endpoints(ns, "web")).allSatisfy((pod, version) -> assertThat(version).isEqualTo("1"));
            HttpResponse<String> answer = Eventually.await("a pod answers through Service web", TIMEOUT,
                    () -> proxyGet(ns, "web"), r -> r.statusCode() == 200);
            assertThat(answer.headers().firstValue("X-Sandbox-Pod").orElseThrow()).matches("ordered/web-[0-3]");

            // Scale down: the highest ordinal goes first, one at a time.
            merge(ns, "web", Map.of("spec", Map.of("replicas", 2)));
            awaitSet(ns, "web", "scaled to 2", s -> settled(s) && s.getStatus().getReplicas() == 2 && ready(s) == 2);
            events.await(e -> e.deleted().size() == 2);
            assertThat(events.deleted()).containsExactly("web-3", "web-2");
            assertThat(pods(ns).keySet()).containsExactly("web-0", "web-1");
            Eventually.await("web-2 and web-3 no longer served", TIMEOUT, () -> endpoints(ns, "web").keySet(),
                    names -> names.equals(Set.of("web-0", "web-1")));
        }
    }

    @Test
    void aPartitionKeepsLowerOrdinalsAtTheCurrentRevisionUntilItIsLowered() {
        String ns = "partition";
        try (PodEvents events = PodEvents.watch(ns)) {
            create(statefulSet(ns, "db", "shop/db:1", 4).build());
            String first = awaitSet(ns, "db", "4 ready", s -> settled(s) && ready(s) == 4).getStatus().getUpdateRevision();

            merge(ns, "db", Map.of("spec", Map.of("updateStrategy",
                    Map.of("type", "RollingUpdate", "rollingUpdate", Map.of("partition", 2)))));
            setImage(ns, "db", "shop/db:2");
            StatefulSet partial = awaitSet(ns, "db", "2 updated, 4 ready", s -> settled(s)
                    && value(s.getStatus().getUpdatedReplicas()) == 2 && ready(s) == 4);
            awaitPasses(4);

            StatefulSetStatus status = client.apps().statefulSets().inNamespace(ns).withName("db").get().getStatus();
            String second = status.getUpdateRevision();
            assertThat(second).isNotEqualTo(first);
            assertThat(status.getCurrentRevision()).isEqualTo(first);
            assertThat(status.getUpdatedReplicas()).isEqualTo(2);
            assertThat(status.getCurrentReplicas()).isEqualTo(2);
            assertThat(status.getReadyReplicas()).isEqualTo(4);
            assertThat(status.getObservedGeneration()).isEqualTo(partial.getMetadata().getGeneration());
            assertThat(events.deleted()).as("replaced, highest first").containsExactly("db-3", "db-2");
            assertThat(imagesAndRevisions(ns)).isEqualTo(Map.of(
                    "db-0", "shop/db:1 " + first, "db-1", "shop/db:1 " + first,
                    "db-2", "shop/db:2 " + second, "db-3", "shop/db:2 " + second));

            merge(ns, "db", Map.of("spec", Map.of("updateStrategy", Map.of("rollingUpdate", Map.of("partition", 0)))));
            StatefulSet done = awaitSet(ns, "db", "rolled out", s -> settled(s) && ready(s) == 4
                    && value(s.getStatus().getUpdatedReplicas()) == 4
                    && second.equals(s.getStatus().getCurrentRevision()));
            assertThat(done.getStatus().getUpdateRevision()).isEqualTo(second);
            assertThat(done.getStatus().getCurrentReplicas()).isEqualTo(4);
            assertThat(events.deleted()).containsExactly("db-3", "db-2", "db-1", "db-0");
            assertThat(imagesAndRevisions(ns).values()).containsOnly("shop/db:2 " + second);
            assertThat(revisions(ns)).extracting(r -> r.getMetadata().getName() + "@" + r.getRevision())
                    .containsExactlyInAnyOrder(first + "@1", second + "@2");
        }
    }

    @Test
    void aPodThatNeverGetsReadyStallsTheRolloutEvenAfterTheTemplateIsRevertedUntilItIsDeleted() {
        String ns = "stall";
        sandbox.controller().faults().podsOf("shop/db:broken", PodBehaviour.neverReady());
        service(ns, "db");
        create(statefulSet(ns, "db", "shop/db:1", 4).build());
        String good = awaitSet(ns, "db", "4 ready", s -> settled(s) && ready(s) == 4).getStatus().getUpdateRevision();
        Map<String, String> uids = uids(ns);

        setImage(ns, "db", "shop/db:broken");
        Pod broken = awaitPod(ns, "db-3", "db-3 replaced and running, not ready", p -> !good.equals(revisionOf(p))
                && p.getStatus() != null && "Running".equals(p.getStatus().getPhase()));
        String bad = revisionOf(broken);
        awaitPasses(4);
        StatefulSetStatus stuck = client.apps().statefulSets().inNamespace(ns).withName("db").get().getStatus();
        assertThat(stuck.getUpdateRevision()).isEqualTo(bad);
        assertThat(stuck.getCurrentRevision()).isEqualTo(good);
        assertThat(stuck.getReadyReplicas()).isEqualTo(3);
        assertThat(stuck.getUpdatedReplicas()).isEqualTo(1);
        assertThat(stuck.getCurrentReplicas()).isEqualTo(3);
        assertThat(Kubelet.isReady(pods(ns).get("db-3"))).isFalse();
        assertThat(uids(ns)).as("db-0..2 untouched").containsAllEntriesOf(without(uids, "db-3"));
        assertThat(imagesAndRevisions(ns)).containsEntry("db-0", "shop/db:1 " + good)
                .containsEntry("db-1", "shop/db:1 " + good).containsEntry("db-2", "shop/db:1 " + good)
                .containsEntry("db-3", "shop/db:broken " + bad);
        Eventually.await("db-3 not served", TIMEOUT, () -> endpoints(ns, "db").keySet(),
                names -> names.equals(Set.of("db-0", "db-1", "db-2")));

        // Reverting the template is not enough: the controller waits for db-3 to get ready before it does anything.
        setImage(ns, "db", "shop/db:1");
        StatefulSet reverted = awaitSet(ns, "db", "the revert observed",
                s -> settled(s) && good.equals(s.getStatus().getUpdateRevision()));
        String brokenUid = pods(ns).get("db-3").getMetadata().getUid();
        awaitPasses(4);
        Pod still = pods(ns).get("db-3");
        assertThat(still.getMetadata().getUid()).isEqualTo(brokenUid);
        assertThat(revisionOf(still)).isEqualTo(bad);
        assertThat(still.getSpec().getContainers().get(0).getImage()).isEqualTo("shop/db:broken");
        assertThat(Kubelet.isReady(still)).isFalse();
        StatefulSetStatus waiting = client.apps().statefulSets().inNamespace(ns).withName("db").get().getStatus();
        assertThat(waiting.getReadyReplicas()).isEqualTo(3);
        assertThat(waiting.getUpdatedReplicas()).isEqualTo(3);
        assertThat(waiting.getObservedGeneration()).isEqualTo(reverted.getMetadata().getGeneration());
        // The good revision is the newest again (kubectl rollout history numbers it 3).
        assertThat(revisions(ns)).extracting(r -> r.getMetadata().getName() + "@" + r.getRevision())
                .containsExactlyInAnyOrder(good + "@3", bad + "@2");

        // The forced rollback: delete the broken pod; it comes back at the good revision and the set converges.
        client.pods().inNamespace(ns).withName("db-3").delete();
        StatefulSet converged = awaitSet(ns, "db", "converged on the good revision", s -> settled(s) && ready(s) == 4
                && value(s.getStatus().getUpdatedReplicas()) == 4 && good.equals(s.getStatus().getCurrentRevision()));
        assertThat(converged.getStatus().getUpdateRevision()).isEqualTo(good);
        assertThat(converged.getStatus().getCurrentReplicas()).isEqualTo(4);
        assertThat(imagesAndRevisions(ns).values()).containsOnly("shop/db:1 " + good);
        assertThat(pods(ns).get("db-3").getMetadata().getUid()).isNotEqualTo(brokenUid);
        assertThat(uids(ns)).containsAllEntriesOf(without(uids, "db-3"));
        Eventually.await("db-3 served again", TIMEOUT, () -> endpoints(ns, "db").keySet(),
                names -> names.equals(Set.of("db-0", "db-1", "db-2", "db-3")));
    }

    @Test
    void onDeleteReplacesNothingButRecreatesDeletedPodsAtTheNewRevision() {
        String ns = "ondelete";
        create(statefulSet(ns, "cache", "shop/cache:1", 3)
                .editSpec().withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy().endSpec().build());
        String first = awaitSet(ns, "cache", "3 ready", s -> settled(s) && ready(s) == 3).getStatus().getUpdateRevision();
        Map<String, String> uids = uids(ns);

        setImage(ns, "cache", "shop/cache:2");
        String second = awaitSet(ns, "cache", "new template observed",
                s -> settled(s) && !first.equals(s.getStatus().getUpdateRevision())).getStatus().getUpdateRevision();
        awaitPasses(4);
        assertThat(uids(ns)).isEqualTo(uids);
        assertThat(imagesAndRevisions(ns).values()).containsOnly("shop/cache:1 " + first);
        StatefulSetStatus untouched = client.apps().statefulSets().inNamespace(ns).withName("cache").get().getStatus();
        assertThat(untouched.getUpdatedReplicas()).isZero();
        assertThat(untouched.getCurrentReplicas()).isEqualTo(3);
        assertThat(untouched.getCurrentRevision()).isEqualTo(first);

        client.pods().inNamespace(ns).withName("cache-1").delete();
        StatefulSet after = awaitSet(ns, "cache", "cache-1 back and ready", s -> settled(s) && ready(s) == 3
                && value(s.getStatus().getUpdatedReplicas()) == 1);
        assertThat(imagesAndRevisions(ns)).isEqualTo(Map.of("cache-0", "shop/cache:1 " + first,
                "cache-1", "shop/cache:2 " + second, "cache-2", "shop/cache:1 " + first));
        assertThat(uids(ns)).containsEntry("cache-0", uids.get("cache-0")).containsEntry("cache-2", uids.get("cache-2"));
        assertThat(after.getStatus().getCurrentReplicas()).isEqualTo(2);
        // As on a real cluster, only RollingUpdate ever moves currentRevision.
        assertThat(after.getStatus().getCurrentRevision()).isEqualTo(first);
    }

    @Test
    void minReadySecondsHoldsBackTheNextOrdinalAndAvailability() {
        String ns = "minready";
        try (PodEvents events = PodEvents.watch(ns)) {
            create(statefulSet(ns, "queue", "shop/queue:1", 2).editSpec().withMinReadySeconds(1).endSpec().build());
            StatefulSet readyNotAvailable = awaitSet(ns, "queue", "queue-0 ready, not yet available",
                    s -> ready(s) == 1 && value(s.getStatus().getAvailableReplicas()) == 0);
            assertThat(readyNotAvailable.getStatus().getReplicas()).isEqualTo(1);
            awaitSet(ns, "queue", "2 available", s -> settled(s) && value(s.getStatus().getAvailableReplicas()) == 2);

            events.await(e -> e.added().size() == 2);
            long queue0Ready = events.firstReadyNanos("queue-0");
            long queue1Added = events.addedNanos("queue-1");
            assertThat(Duration.ofNanos(queue1Added - queue0Ready)).as("queue-1 created after queue-0 was ready for 1 s")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(700));
        }
    }

    // --- helpers

    private static StatefulSetBuilder statefulSet(String ns, String name, String image, int replicas) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName(name)
                    .withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                        .withNewSpec().addNewContainer().withName(name).withImage(image).endContainer().endSpec()
                    .endTemplate()
                .endSpec();
    }

    private static void create(StatefulSet set) {
        client.apps().statefulSets().inNamespace(set.getMetadata().getNamespace()).resource(set).create();
    }

    private static void service(String ns, String app) {
        client.services().inNamespace(ns).resource(new ServiceBuilder()
                .withNewMetadata().withName(app).withNamespace(ns).endMetadata()
                .withNewSpec().addToSelector("app", app).addNewPort().withName("http").withPort(80).endPort().endSpec()
                .build()).create();
    }

    /** {@code kubectl set image}, as a JSON patch without a resourceVersion (the controller writes status meanwhile). */
    private static void setImage(String ns, String name, String image) {
        client.apps().statefulSets().inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON),
                Serialization.asJson(List.of(Map.of("op", "replace",
                        "path", "/spec/template/spec/containers/0/image", "value", image))));
    }

    private static void merge(String ns, String name, Map<String, Object> patch) {
        client.apps().statefulSets().inNamespace(ns).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
    }

    private static StatefulSet awaitSet(String ns, String name, String what, Predicate<StatefulSet> condition) {
        return Eventually.await(ns + "/" + name + ": " + what, TIMEOUT,
                () -> client.apps().statefulSets().inNamespace(ns).withName(name).get(),
                s -> s != null && s.getStatus() != null && condition.test(s));
    }

    private static Pod awaitPod(String ns, String name, String what, Predicate<Pod> condition) {
        return Eventually.await(ns + "/" + name + ": " + what, TIMEOUT,
                () -> client.pods().inNamespace(ns).withName(name).get(), p -> p != null && condition.test(p));
    }

    /** Waits until the controller has gone through a few more reconcile passes (what a stalled set must survive). */
    private static void awaitPasses(int count) {
        long target = sandbox.controller().completedPasses() + count;
        Eventually.await(count + " more reconcile passes", TIMEOUT,
                () -> sandbox.controller().completedPasses() >= target);
    }

    /** The status describes the current spec. */
    private static boolean settled(StatefulSet set) {
        return set.getStatus().getObservedGeneration() != null
                && set.getStatus().getObservedGeneration().equals(set.getMetadata().getGeneration());
    }

    private static int ready(StatefulSet set) {
        return value(set.getStatus().getReadyReplicas());
    }

    private static int value(Integer count) {
        return count == null ? 0 : count;
    }

    private static Map<String, Pod> pods(String ns) {
        Map<String, Pod> byName = new TreeMap<>();
        client.pods().inNamespace(ns).list().getItems().forEach(p -> byName.put(p.getMetadata().getName(), p));
        return byName;
    }

    private static Map<String, String> uids(String ns) {
        Map<String, String> uids = new TreeMap<>();
        pods(ns).forEach((name, pod) -> uids.put(name, pod.getMetadata().getUid()));
        return uids;
    }

    private static Map<String, String> without(Map<String, String> map, String key) {
        Map<String, String> copy = new HashMap<>(map);
        copy.remove(key);
        return copy;
    }

    /** Pod name to "image revision". */
    private static Map<String, String> imagesAndRevisions(String ns) {
        Map<String, String> out = new TreeMap<>();
        pods(ns).forEach((name, pod) -> out.put(name,
                pod.getSpec().getContainers().get(0).getImage() + " " + revisionOf(pod)));
        return out;
    }

    private static String revisionOf(Pod pod) {
        return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get("controller-revision-hash");
    }

    private static List<ControllerRevision> revisions(String ns) {
        return client.apps().controllerRevisions().inNamespace(ns).list().getItems();
    }

    /** Pod name to version of the ready pods the workloads serve behind the Service {@code app} (selector app=app). */
    private static Map<String, String> endpoints(String ns, String app) {
        return sandbox.workloads().endpoints().stream()
                .filter(e -> e.namespace().equals(ns) && e.matches(Map.of("app", app)))
                .collect(Collectors.toMap(PodEndpoint::name, PodEndpoint::version, (a, b) -> a, TreeMap::new));
    }

    private static HttpResponse<String> proxyGet(String ns, String service) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.apiServer().url()
                    + "/api/v1/namespaces/" + ns + "/services/" + service + ":80/proxy/healthz"))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int ordinalOf(String pod) {
        return Integer.parseInt(pod.substring(pod.lastIndexOf('-') + 1));
    }

    private static Set<String> lowerOrdinals(String set, int ordinal) {
        Set<String> names = new TreeSet<>();
        for (int i = 0; i < ordinal; i++) {
            names.add(set + "-" + i);
        }
        return names;
    }

    /** The pod events of a namespace in the order the API server sent them. */
    private static final class PodEvents implements AutoCloseable {

        private record Event(Watcher.Action action, String name, boolean ready, long nanos) {
        }

        private final List<Event> events = new CopyOnWriteArrayList<>();
        private Watch watch;

        static PodEvents watch(String ns) {
            PodEvents recorder = new PodEvents();
            recorder.watch = client.pods().inNamespace(ns).watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, Pod pod) {
                    recorder.events.add(new Event(action, pod.getMetadata().getName(), Kubelet.isReady(pod),
                            System.nanoTime()));
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            });
            return recorder;
        }

        List<String> added() {
            return names(Watcher.Action.ADDED);
        }

        List<String> deleted() {
            return names(Watcher.Action.DELETED);
        }

        private List<String> names(Watcher.Action action) {
            return events.stream().filter(e -> e.action() == action).map(Event::name).toList();
        }

        /** When the first event that shows the pod ready arrived. */
        long firstReadyNanos(String pod) {
            return events.stream().filter(e -> e.name().equals(pod) && e.ready()).mapToLong(Event::nanos)
                    .findFirst().orElseThrow();
        }

        long addedNanos(String pod) {
            return events.stream().filter(e -> e.name().equals(pod) && e.action() == Watcher.Action.ADDED)
                    .mapToLong(Event::nanos).findFirst().orElseThrow();
        }

        /** For each pod added, the pods that were ready (as last reported) just before. */
        Map<String, Set<String>> readyBeforeEachAdded() {
            Map<String, Boolean> readyNow = new HashMap<>();
            Map<String, Set<String>> out = new TreeMap<>();
            for (Event event : new ArrayList<>(events)) {
                if (event.action() == Watcher.Action.ADDED) {
                    out.put(event.name(), readyNow.entrySet().stream().filter(Map.Entry::getValue)
                            .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new)));
                }
                if (event.action() == Watcher.Action.DELETED) {
                    readyNow.remove(event.name());
                } else {
                    readyNow.put(event.name(), event.ready());
                }
            }
            return out;
        }

        void await(Predicate<PodEvents> condition) {
            Eventually.await("pod events", TIMEOUT, () -> this, condition);
        }

        @Override
        public void close() {
            watch.close();
        }
    }
}
