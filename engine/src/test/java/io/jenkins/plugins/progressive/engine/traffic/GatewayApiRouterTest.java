package io.jenkins.plugins.progressive.engine.traffic;

import static io.jenkins.plugins.progressive.engine.traffic.TwoVersions.CANARY;
import static io.jenkins.plugins.progressive.engine.traffic.TwoVersions.STABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.api.ApiFault;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadGenerator;
import io.jenkins.plugins.progressive.sandbox.traffic.TrafficCounts;
import io.jenkins.plugins.progressive.sandbox.traffic.UserPopulation;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Gateway API router against the sandbox, whose load generator routes by the HTTPRoute as a mesh (GAMMA) would. */
class GatewayApiRouterTest {

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
    void weightsMoveTheObservedShareAndResetLeavesTheRouteAsTheUserWroteIt() {
        TwoVersions versions = TwoVersions.deploy(sandbox, "gw-weights", 2, 1);
        HTTPRoute original = create("gw-weights", "web", adminRule(), weightedRule());
        GatewayApiRouter router = router("gw-weights", "web");
        router.verify();
        LoadGenerator load = versions.load("web");

        for (int weight : new int[] {5, 25, 50}) {
            router.setWeight(weight);
            TrafficCounts counts = TwoVersions.sample(load, TwoVersions.sampleSize(weight / 100.0));
            System.out.printf("Gateway API weight %d: observed canary share %.3f of %d requests%n", weight,
                    counts.share(CANARY), counts.total());
            assertThat(counts.share(CANARY)).as("weight " + weight).isCloseTo(weight / 100.0, within(0.05));
            assertThat(counts.count(STABLE) + counts.count(CANARY)).as("every request answered").isEqualTo(counts.total());
        }
        assertThat(read("gw-weights", "web").getSpec().getRules().get(1).getBackendRefs())
                .extracting(HTTPBackendRef::getWeight).containsExactly(50, 50);

        router.reset();
        assertThat(TwoVersions.sample(load, 200).byVersion()).containsOnlyKeys(STABLE);
        HTTPRoute after = read("gw-weights", "web");
        assertThat(after.getSpec()).isEqualTo(original.getSpec());
        assertThat(after.getMetadata().getLabels()).isEqualTo(original.getMetadata().getLabels());
        assertThat(after.getMetadata().getAnnotations()).isEqualTo(original.getMetadata().getAnnotations());
    }

    @Test
    void headerAndCookieCohortsReachOnlyTheCanaryWhileEveryoneElseFollowsTheWeight() {
        TwoVersions versions = TwoVersions.deploy(sandbox, "gw-ab", 2, 1);
        HTTPRoute original = create("gw-ab", "web", adminRule(), weightedRule());
        GatewayApiRouter router = router("gw-ab", "web");
        router.setWeight(25);
        router.setHeaderRoute(HeaderRoute.header("feed-v2", "x-experiment", "feed-v2"));
        router.setHeaderRoute(HeaderRoute.cookie("beta", "canary", "always"));
        LoadGenerator load = versions.load("web", UserPopulation.withHeader("experiment", 0.1, "x-experiment", "feed-v2"),
                UserPopulation.withCookie("beta", 0.1, "canary", "always"),
                UserPopulation.withHeader("other-experiment", 0.05, "x-experiment", "feed-v1"));

        TrafficCounts counts = TwoVersions.sample(load, TwoVersions.sampleSize(0.25));
        System.out.printf("Gateway API weight 25 with routes: default canary share %.3f of %d; %s%n",
                counts.population(UserPopulation.DEFAULT_NAME).share(CANARY),
                counts.population(UserPopulation.DEFAULT_NAME).total(), counts);
        assertThat(counts.population("experiment").byVersion()).containsOnlyKeys(CANARY);
        assertThat(counts.population("beta").byVersion()).containsOnlyKeys(CANARY);
        assertThat(counts.population("other-experiment").byVersion()).containsKeys(STABLE);
        assertThat(counts.population(UserPopulation.DEFAULT_NAME).share(CANARY)).isCloseTo(0.25, within(0.05));

        List<HTTPRouteRule> rules = read("gw-ab", "web").getSpec().getRules();
        assertThat(rules).extracting(HTTPRouteRule::getName)
                .containsExactly("admin", "progressive-delivery.feed-v2", "progressive-delivery.beta", "main");
        HTTPRouteRule header = rules.get(1);
        assertThat(header.getMatches().get(0).getPath().getValue()).as("the weighted rule's path").isEqualTo("/");
        assertThat(header.getMatches().get(0).getHeaders()).containsExactly(new HTTPHeaderMatch("x-experiment", "Exact",
                "feed-v2"));
        assertThat(header.getTimeouts().getRequest()).as("the weighted rule's timeout").isEqualTo("10s");
        assertThat(header.getBackendRefs()).extracting(HTTPBackendRef::getName, HTTPBackendRef::getWeight)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web-canary", 100));

        String version = read("gw-ab", "web").getMetadata().getResourceVersion();
        router.setHeaderRoute(HeaderRoute.header("feed-v2", "x-experiment", "feed-v2"));
        assertThat(read("gw-ab", "web").getMetadata().getResourceVersion()).as("same route again: no write")
                .isEqualTo(version);

        router.reset();
        assertThat(read("gw-ab", "web").getSpec()).isEqualTo(original.getSpec());
        assertThat(TwoVersions.sample(load, "experiment", 30).byVersion()).containsOnlyKeys(STABLE);
    }

    @Test
    void verifyExplainsAMissingRouteAndMissingOrExtraBackends() {
        assertThatThrownBy(router("gw-verify", "web")::verify).isInstanceOf(TrafficRouterException.class)
                .hasMessageContaining("HTTPRoute gw-verify/web not found")
                .hasMessageContaining("backendRefs: [{name: web-stable, port: 80, weight: 100}, {name: web-canary");
        create("gw-verify", "half", new HTTPRouteRuleBuilder().addNewBackendRef().withName("web-stable").withPort(80)
                .endBackendRef().build());
        assertThatThrownBy(router("gw-verify", "half")::verify).isInstanceOf(TrafficRouterException.class)
                .hasMessageContaining("no rule sending traffic to both web-stable and web-canary")
                .hasMessageContaining("rule 0 lists web-stable but not web-canary");
        HTTPRoute three = create("gw-verify", "three", new HTTPRouteRuleBuilder(weightedRule()).addNewBackendRef()
                .withName("legacy").withPort(80).withWeight(10).endBackendRef().build());
        assertThatThrownBy(() -> router("gw-verify", "three").setWeight(10)).isInstanceOf(TrafficRouterException.class)
                .hasMessageContaining("move [legacy] to a rule of its own");
        assertThat(read("gw-verify", "three").getMetadata().getResourceVersion()).as("nothing written")
                .isEqualTo(three.getMetadata().getResourceVersion());
    }

    @Test
    void aConflictingWriteIsRetriedOnAFreshReadAndRefusedWhenItPersists() {
        create("gw-retry", "web", weightedRule());
        GatewayApiRouter router = router("gw-retry", "web");
        String path = "/apis/gateway.networking.k8s.io/v1/namespaces/gw-retry/httproutes/web";
        try {
            sandbox.apiServer().faults().inject(ApiFault.error("PATCH", path, 409, 1));
            router.setWeight(10);
            assertThat(read("gw-retry", "web").getSpec().getRules().get(0).getBackendRefs())
                    .extracting(HTTPBackendRef::getWeight).containsExactly(90, 10);

            sandbox.apiServer().faults().inject(ApiFault.error("PATCH", path, 409, GuardedPatch.ATTEMPTS));
            assertThatThrownBy(() -> router.setWeight(20)).isInstanceOf(TrafficRouterException.class)
                    .hasMessageContaining("409 Conflict");
            assertThat(read("gw-retry", "web").getSpec().getRules().get(0).getBackendRefs())
                    .extracting(HTTPBackendRef::getWeight).containsExactly(90, 10);
        } finally {
            sandbox.apiServer().faults().clear();
        }
    }

    @Test
    void aChangeTheRouteAlreadyHoldsSendsNoWriteRequest() {
        create("gw-again", "web", adminRule(), weightedRule());
        GatewayApiRouter router = router("gw-again", "web");
        new RouterChecks(sandbox, "gw-again").patchesOnceEach(router, HeaderRoute.header("beta", "x-beta", "1"),
                HeaderRoute.cookie("vip", "tier", "gold"));
        assertThat(rulesOf("gw-again")).extracting(HTTPRouteRule::getName).containsExactly("admin", "main");
    }

    @Test
    void holdsAndObservedWeightReadTheSplitOfEveryWeightedRuleAndWriteNothing() {
        create("gw-observe", "web", apiRule(), adminRule(), weightedRule());
        GatewayApiRouter router = router("gw-observe", "web");
        new RouterChecks(sandbox, "gw-observe").observesTheSplitOfEveryWeightedRule(router, "api", "main",
                (rule, stable, canary) -> setWeights("gw-observe", rule, stable, canary));

        assertThatThrownBy(() -> router("gw-observe", "absent").holds(0)).isInstanceOf(TrafficRouterException.class)
                .hasMessageContaining("HTTPRoute gw-observe/absent not found");
        assertThatThrownBy(() -> router.holds(101)).isInstanceOf(IllegalArgumentException.class);
    }

    private static GatewayApiRouter router(String namespace, String route) {
        return new GatewayApiRouter(sandbox.client(), namespace, route, "web-stable", "web-canary");
    }

    /** A rule for another path that also goes to stable: not weighted, never touched. */
    private static HTTPRouteRule adminRule() {
        return new HTTPRouteRuleBuilder().withName("admin").addNewMatch().withNewPath().withType("PathPrefix")
                .withValue("/admin").endPath().endMatch().addNewBackendRef().withName("web-stable").withPort(80)
                .endBackendRef().build();
    }

    /** A second weighted rule, for /api. */
    private static HTTPRouteRule apiRule() {
        return new HTTPRouteRuleBuilder(weightedRule()).withName("api").editFirstMatch().editPath().withValue("/api")
                .endPath().endMatch().build();
    }

    private static HTTPRouteRule weightedRule() {
        return new HTTPRouteRuleBuilder().withName("main").addNewMatch().withNewPath().withType("PathPrefix")
                .withValue("/").endPath().endMatch()
                .addNewBackendRef().withName("web-stable").withPort(80).withWeight(100).endBackendRef()
                .addNewBackendRef().withName("web-canary").withPort(80).withWeight(0).endBackendRef()
                .withNewTimeouts().withRequest("10s").endTimeouts().build();
    }

    /** The user's route: a mesh route (GAMMA) for Service web, with a label and an annotation of theirs. */
    private static HTTPRoute create(String namespace, String name, HTTPRouteRule... rules) {
        return sandbox.client().resources(HTTPRoute.class).inNamespace(namespace).resource(new HTTPRouteBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).addToLabels("team", "shop")
                .addToAnnotations("shop.example.com/owner", "checkout").endMetadata()
                .withNewSpec().addNewParentRef().withGroup("").withKind("Service").withName("web").withPort(80)
                .endParentRef().withRules(rules).endSpec().build()).create();
    }

    /** The user edits the weights of one rule by hand. */
    private static void setWeights(String namespace, String rule, int stable, int canary) {
        sandbox.client().resources(HTTPRoute.class).inNamespace(namespace).withName("web").edit(route -> {
            route.getSpec().getRules().stream().filter(r -> rule.equals(r.getName())).forEach(r -> {
                r.getBackendRefs().get(0).setWeight(stable);
                r.getBackendRefs().get(1).setWeight(canary);
            });
            return route;
        });
    }

    private static List<HTTPRouteRule> rulesOf(String namespace) {
        return read(namespace, "web").getSpec().getRules();
    }

    private static HTTPRoute read(String namespace, String name) {
        return sandbox.client().resources(HTTPRoute.class).inNamespace(namespace).withName(name).get();
    }
}
