package io.jenkins.plugins.progressive.engine.traffic;

import static io.jenkins.plugins.progressive.engine.traffic.TwoVersions.CANARY;
import static io.jenkins.plugins.progressive.engine.traffic.TwoVersions.STABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadGenerator;
import io.jenkins.plugins.progressive.sandbox.traffic.TrafficCounts;
import io.jenkins.plugins.progressive.sandbox.traffic.UserPopulation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Istio router against the sandbox, whose load generator routes by the VirtualService as Envoy would. */
class IstioRouterTest {

    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().prometheus(Sandbox.PrometheusChoice.NONE).start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void weightsMoveTheObservedShareAndResetLeavesTheVirtualServiceAsTheUserWroteIt() {
        TwoVersions versions = TwoVersions.deploy(sandbox, "istio-weights", 2, 1);
        GenericKubernetesResource original = create("istio-weights", admin(), weighted("istio-weights"));
        IstioRouter router = router("istio-weights");
        router.verify();
        LoadGenerator load = versions.load("web");

        for (int weight : new int[] {5, 25, 50}) {
            router.setWeight(weight);
            TrafficCounts counts = TwoVersions.sample(load, TwoVersions.sampleSize(weight / 100.0));
            System.out.printf("Istio weight %d: observed canary share %.3f of %d requests%n", weight,
                    counts.share(CANARY), counts.total());
            assertThat(counts.share(CANARY)).as("weight " + weight).isCloseTo(weight / 100.0, within(0.05));
            assertThat(counts.count(STABLE) + counts.count(CANARY)).as("every request answered").isEqualTo(counts.total());
        }

        router.reset();
        assertThat(TwoVersions.sample(load, 200).byVersion()).containsOnlyKeys(STABLE);
        GenericKubernetesResource after = read("istio-weights");
        assertThat(after.getAdditionalProperties().get("spec")).isEqualTo(original.getAdditionalProperties().get("spec"));
        assertThat(after.getMetadata().getLabels()).isEqualTo(original.getMetadata().getLabels());
    }

    @Test
    void headerPrefixAndCookieCohortsReachOnlyTheCanaryAndTheirRoutesComeFirst() {
        TwoVersions versions = TwoVersions.deploy(sandbox, "istio-ab", 2, 1);
        GenericKubernetesResource original = create("istio-ab", admin(), weighted("istio-ab"));
        IstioRouter router = router("istio-ab");
        router.setWeight(25);
        HeaderRoute testers = new HeaderRoute("testers", false, "X-User-Group", "beta-", HeaderRoute.Match.PREFIX);
        router.setHeaderRoute(testers);
        router.setHeaderRoute(HeaderRoute.cookie("beta", "canary", "always"));
        LoadGenerator load = versions.load("web", UserPopulation.withHeader("testers", 0.1, "x-user-group", "beta-eu"),
                UserPopulation.withCookie("beta", 0.1, "canary", "always"),
                UserPopulation.withCookie("opted-out", 0.05, "canary", "never"));

        TrafficCounts counts = TwoVersions.sample(load, TwoVersions.sampleSize(0.25));
        System.out.printf("Istio weight 25 with routes: default canary share %.3f of %d; %s%n",
                counts.population(UserPopulation.DEFAULT_NAME).share(CANARY),
                counts.population(UserPopulation.DEFAULT_NAME).total(), counts);
        assertThat(counts.population("testers").byVersion()).containsOnlyKeys(CANARY);
        assertThat(counts.population("beta").byVersion()).containsOnlyKeys(CANARY);
        assertThat(counts.population("opted-out").byVersion()).containsKeys(STABLE);
        assertThat(counts.population(UserPopulation.DEFAULT_NAME).share(CANARY)).isCloseTo(0.25, within(0.05));

        List<?> http = (List<?>) spec(read("istio-ab")).get("http");
        assertThat(names(http))
                .containsExactly("admin", "progressive-delivery.testers", "progressive-delivery.beta", "primary");
        Map<?, ?> header = (Map<?, ?>) http.get(1);
        assertThat(header.get("match")).isEqualTo(List.of(Map.of("headers",
                Map.of("x-user-group", Map.of("prefix", "beta-")))));
        assertThat(header.get("retries")).as("the weighted route's retries").isEqualTo(Map.of("attempts", 3));
        assertThat(header.get("route")).isEqualTo(List.of(Map.of("destination", Map.of("host",
                "web-canary.istio-ab.svc.cluster.local", "port", Map.of("number", 80)), "weight", 100)));

        String version = read("istio-ab").getMetadata().getResourceVersion();
        router.setHeaderRoute(testers);
        assertThat(read("istio-ab").getMetadata().getResourceVersion()).as("same route again: no write")
                .isEqualTo(version);

        router.reset();
        assertThat(spec(read("istio-ab"))).isEqualTo(spec(original));
        assertThat(TwoVersions.sample(load, "testers", 30).byVersion()).containsOnlyKeys(STABLE);
    }

    @Test
    void verifyExplainsAMissingVirtualServiceAndMissingDestinations() {
        assertThatThrownBy(router("istio-verify")::verify).isInstanceOf(TrafficRouterException.class)
                .hasMessageContaining("Istio VirtualService istio-verify/web not found")
                .hasMessageContaining("route: [{destination: {host: web-stable}, weight: 100}");
        create("istio-verify", Map.of("route", List.of(destination("web-stable", 100),
                destination("web-canary.other.svc.cluster.local", 0))));
        assertThatThrownBy(router("istio-verify")::verify).isInstanceOf(TrafficRouterException.class)
                .hasMessageContaining("no rule sending traffic to both web-stable and web-canary")
                .hasMessageContaining("rule 0 lists web-stable but not web-canary");
        // An invalid regular expression never reaches a router: the route itself refuses it, when the plan is built.
        assertThatThrownBy(() -> new HeaderRoute("bad", false, "x-user", "(", HeaderRoute.Match.REGEX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("value: '(' is not a valid regular expression");
    }

    @Test
    void withSeveralWeightedRoutesEachGetsItsOwnCopyRightBeforeIt() {
        Map<String, Object> api = Map.of("name", "api", "match", List.of(Map.of("uri", Map.of("prefix", "/api"))),
                "timeout", "3s", "route", List.of(destination("web-stable", 100), destination("web-canary", 0)));
        GenericKubernetesResource original = create("istio-many", api, admin(), weighted("istio-many"));
        IstioRouter router = router("istio-many");

        router.setHeaderRoute(HeaderRoute.header("beta", "x-beta", "1"));
        List<?> http = (List<?>) spec(read("istio-many")).get("http");
        assertThat(names(http))
                .containsExactly("progressive-delivery.beta", "api", "admin", "progressive-delivery.beta.1", "primary");
        assertThat(((Map<?, ?>) http.get(0)).get("match")).as("the /api route's path, plus the header").isEqualTo(
                List.of(Map.of("uri", Map.of("prefix", "/api"), "headers", Map.of("x-beta", Map.of("exact", "1")))));
        assertThat(((Map<?, ?>) http.get(0)).get("timeout")).isEqualTo("3s");

        router.reset();
        assertThat(spec(read("istio-many"))).isEqualTo(spec(original));
    }

    @Test
    void aChangeTheVirtualServiceAlreadyHoldsSendsNoWriteRequest() {
        create("istio-again", admin(), weighted("istio-again"));
        IstioRouter router = router("istio-again");
        new RouterChecks(sandbox, "istio-again").patchesOnceEach(router,
                new HeaderRoute("testers", false, "X-User-Group", "beta-", HeaderRoute.Match.PREFIX),
                HeaderRoute.cookie("beta", "canary", "always"));
        assertThat(names((List<?>) spec(read("istio-again")).get("http"))).containsExactly("admin", "primary");
    }

    @Test
    void holdsAndObservedWeightReadTheSplitOfEveryWeightedRouteAndWriteNothing() {
        Map<String, Object> api = Map.of("name", "api", "match", List.of(Map.of("uri", Map.of("prefix", "/api"))),
                "route", List.of(destination("web-stable", 100), destination("web-canary", 0)));
        create("istio-observe", api, admin(), weighted("istio-observe"));
        IstioRouter router = router("istio-observe");
        new RouterChecks(sandbox, "istio-observe").observesTheSplitOfEveryWeightedRule(router, "api", "primary",
                (rule, stable, canary) -> setWeights("istio-observe", rule, stable, canary));

        assertThatThrownBy(() -> router("istio-none").observedWeight()).isInstanceOf(TrafficRouterException.class)
                .hasMessageContaining("Istio VirtualService istio-none/web not found");
    }

    private static IstioRouter router(String namespace) {
        return new IstioRouter(sandbox.client(), namespace, "web", "web-stable", "web-canary");
    }

    private static Map<String, Object> admin() {
        return Map.of("name", "admin", "match", List.of(Map.of("uri", Map.of("prefix", "/admin"))),
                "route", List.of(Map.of("destination", Map.of("host", "web-stable"))));
    }

    /** The weighted route, naming the canary by its full host name, with a retry policy of the user's. */
    private static Map<String, Object> weighted(String namespace) {
        return Map.of("name", "primary", "retries", Map.of("attempts", 3), "route", List.of(
                destination("web-stable", 100), destination("web-canary." + namespace + ".svc.cluster.local", 0)));
    }

    private static Map<String, Object> destination(String host, int weight) {
        return Map.of("destination", Map.of("host", host, "port", Map.of("number", 80)), "weight", weight);
    }

    @SafeVarargs
    private static GenericKubernetesResource create(String namespace, Map<String, Object>... http) {
        return sandbox.client().genericKubernetesResources(IstioRouter.VIRTUAL_SERVICE).inNamespace(namespace)
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("networking.istio.io/v1beta1")
                        .withKind("VirtualService").withNewMetadata().withName("web").withNamespace(namespace)
                        .addToLabels("team", "shop").endMetadata()
                        .addToAdditionalProperties("spec", Map.of("hosts", List.of("web"), "http", List.of(http)))
                        .build()).create();
    }

    /** The user edits the weights of one http route by hand. */
    @SuppressWarnings("unchecked")
    private static void setWeights(String namespace, String name, int stable, int canary) {
        sandbox.client().genericKubernetesResources(IstioRouter.VIRTUAL_SERVICE).inNamespace(namespace).withName("web")
                .edit(vs -> {
                    for (Object entry : (List<?>) ((Map<?, ?>) vs.getAdditionalProperties().get("spec")).get("http")) {
                        if (name.equals(((Map<?, ?>) entry).get("name"))) {
                            List<Map<String, Object>> route = (List<Map<String, Object>>) ((Map<?, ?>) entry).get("route");
                            route.get(0).put("weight", stable);
                            route.get(1).put("weight", canary);
                        }
                    }
                    return vs;
                });
    }

    private static GenericKubernetesResource read(String namespace) {
        return sandbox.client().genericKubernetesResources(IstioRouter.VIRTUAL_SERVICE).inNamespace(namespace)
                .withName("web").get();
    }

    private static List<String> names(List<?> http) {
        return http.stream().map(e -> String.valueOf(((Map<?, ?>) e).get("name"))).toList();
    }

    private static Map<?, ?> spec(GenericKubernetesResource vs) {
        return (Map<?, ?>) vs.getAdditionalProperties().get("spec");
    }
}
