package io.jenkins.plugins.progressive.engine.traffic;

import static io.jenkins.plugins.progressive.engine.traffic.TwoVersions.CANARY;
import static io.jenkins.plugins.progressive.engine.traffic.TwoVersions.STABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadGenerator;
import io.jenkins.plugins.progressive.sandbox.traffic.TrafficCounts;
import io.jenkins.plugins.progressive.sandbox.traffic.UserPopulation;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The NGINX router against the sandbox, whose load generator routes by the primary and canary Ingresses as
 * ingress-nginx would. Requests are addressed to the primary's backend, {@code web-stable}, as the ingress sees them.
 */
class NginxCanaryRouterTest {

    private static final String HOST = "shop.example.com";
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
    void weightsMoveTheObservedShareAndResetDeletesTheCanaryIngressOnly() {
        TwoVersions versions = TwoVersions.deploy(sandbox, "nginx-weights", 2, 1);
        Ingress primary = primary("nginx-weights", "web-stable");
        NginxCanaryRouter router = router("nginx-weights");
        router.verify();
        LoadGenerator load = versions.load("web-stable");

        for (int weight : new int[] {5, 25, 50}) {
            router.setWeight(weight);
            TrafficCounts counts = TwoVersions.sample(load, TwoVersions.sampleSize(weight / 100.0));
            System.out.printf("NGINX weight %d: observed canary share %.3f of %d requests%n", weight,
                    counts.share(CANARY), counts.total());
            assertThat(counts.share(CANARY)).as("weight " + weight).isCloseTo(weight / 100.0, within(0.05));
            assertThat(counts.count(STABLE) + counts.count(CANARY)).as("every request answered").isEqualTo(counts.total());
        }
        Ingress canary = read("nginx-weights", "web-canary");
        assertThat(canary.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "progressive-delivery");
        assertThat(canary.getMetadata().getAnnotations()).containsEntry("nginx.ingress.kubernetes.io/canary", "true")
                .containsEntry("nginx.ingress.kubernetes.io/canary-weight", "50")
                .doesNotContainKey("nginx.ingress.kubernetes.io/proxy-body-size");
        assertThat(canary.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(primary.getMetadata().getUid()));
        assertThat(canary.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(canary.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo(HOST);
            assertThat(rule.getHttp().getPaths()).as("only the stable Service's path").singleElement()
                    .extracting(HTTPIngressPath::getPath, p -> p.getBackend().getService().getName(),
                            p -> p.getBackend().getService().getPort().getNumber())
                    .containsExactly("/", "web-canary", 80);
        });

        router.reset();
        assertThat(read("nginx-weights", "web-canary")).isNull();
        assertThat(TwoVersions.sample(load, 200).byVersion()).containsOnlyKeys(STABLE);
        Ingress after = read("nginx-weights", "web");
        assertThat(after.getSpec()).isEqualTo(primary.getSpec());
        assertThat(after.getMetadata().getAnnotations()).isEqualTo(primary.getMetadata().getAnnotations());
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(primary.getMetadata().getResourceVersion());
    }

    @Test
    void oneHeaderAndOneAlwaysCookieRouteSendTheirCohortsToTheCanary() {
        TwoVersions versions = TwoVersions.deploy(sandbox, "nginx-ab", 2, 1);
        primary("nginx-ab", "web-stable");
        NginxCanaryRouter router = router("nginx-ab");
        router.setHeaderRoute(HeaderRoute.header("feed-v2", "x-experiment", "feed-v2"));
        router.setWeight(25);
        router.setHeaderRoute(HeaderRoute.cookie("beta", "canary", "always"));
        LoadGenerator load = versions.load("web-stable",
                UserPopulation.withHeader("experiment", 0.1, "x-experiment", "feed-v2"),
                UserPopulation.withCookie("beta", 0.1, "canary", "always"),
                UserPopulation.withHeader("other-experiment", 0.05, "x-experiment", "feed-v1"));

        TrafficCounts counts = TwoVersions.sample(load, TwoVersions.sampleSize(0.25));
        System.out.printf("NGINX weight 25 with routes: default canary share %.3f of %d; %s%n",
                counts.population(UserPopulation.DEFAULT_NAME).share(CANARY),
                counts.population(UserPopulation.DEFAULT_NAME).total(), counts);
        assertThat(counts.population("experiment").byVersion()).containsOnlyKeys(CANARY);
        assertThat(counts.population("beta").byVersion()).containsOnlyKeys(CANARY);
        assertThat(counts.population("other-experiment").byVersion()).containsKeys(STABLE);
        assertThat(counts.population(UserPopulation.DEFAULT_NAME).share(CANARY)).isCloseTo(0.25, within(0.05));

        String version = read("nginx-ab", "web-canary").getMetadata().getResourceVersion();
        assertThatThrownBy(() -> router.setHeaderRoute(HeaderRoute.header("mobile", "x-client", "ios")))
                .isInstanceOf(TrafficRouterException.class).hasMessageContaining("room for one header route")
                .hasMessageContaining("route feed-v2 (x-experiment)");
        assertThatThrownBy(() -> router.setHeaderRoute(HeaderRoute.cookie("vip", "tier", "gold")))
                .isInstanceOf(TrafficRouterException.class)
                .hasMessageContaining("only when the cookie's value is \"always\"");
        assertThat(read("nginx-ab", "web-canary").getMetadata().getResourceVersion()).as("refusals write nothing")
                .isEqualTo(version);

        router.setHeaderRoute(new HeaderRoute("feed-v2", false, "x-experiment", "feed-v[23]", HeaderRoute.Match.REGEX));
        assertThat(read("nginx-ab", "web-canary").getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/canary-by-header-pattern", "^(?:feed-v[23])$")
                .doesNotContainKey("nginx.ingress.kubernetes.io/canary-by-header-value")
                .containsEntry("nginx.ingress.kubernetes.io/canary-by-cookie", "canary")
                .containsEntry("nginx.ingress.kubernetes.io/canary-weight", "25");

        router.reset();
        assertThat(TwoVersions.sample(load, "experiment", 30).byVersion()).containsOnlyKeys(STABLE);
    }

    @Test
    void verifyExplainsAMissingPrimaryAndRefusesIngressesItDoesNotOwn() {
        assertThatThrownBy(router("nginx-verify")::verify).isInstanceOf(TrafficRouterException.class)
                .hasMessageContaining("Ingress nginx-verify/web not found");
        primary("nginx-verify", "shop-frontend");
        assertThatThrownBy(router("nginx-verify")::verify).isInstanceOf(TrafficRouterException.class)
                .hasMessageContaining("sends no path to Service web-stable");

        primary("nginx-foreign", "web-stable");
        create("nginx-foreign", new IngressBuilder(ingress("nginx-foreign", "legacy-canary", "old-canary"))
                .editMetadata().addToAnnotations("nginx.ingress.kubernetes.io/canary", "true").endMetadata().build());
        assertThatThrownBy(() -> router("nginx-foreign").setWeight(10)).isInstanceOf(TrafficRouterException.class)
                .hasMessageContaining("legacy-canary already is a canary Ingress for host(s) [" + HOST + "]");

        primary("nginx-taken", "web-stable");
        Ingress theirs = create("nginx-taken", ingress("nginx-taken", "web-canary", "web-stable"));
        assertThatThrownBy(() -> router("nginx-taken").setWeight(10)).isInstanceOf(TrafficRouterException.class)
                .hasMessageContaining("is not labelled app.kubernetes.io/managed-by=progressive-delivery");
        assertThatThrownBy(router("nginx-taken")::reset).isInstanceOf(TrafficRouterException.class);
        assertThat(read("nginx-taken", "web-canary").getMetadata().getResourceVersion())
                .isEqualTo(theirs.getMetadata().getResourceVersion());
    }

    @Test
    void aChangeTheCanaryIngressAlreadyHoldsSendsNoWriteRequest() {
        primary("nginx-again", "web-stable");
        NginxCanaryRouter router = router("nginx-again");
        RouterChecks writes = new RouterChecks(sandbox, "nginx-again");

        writes.writesThenNothingAgain("reset without a canary Ingress", 0, router::reset);
        writes.writesThenNothingAgain("setWeight(30) creates the canary Ingress", 1, () -> router.setWeight(30));
        writes.writesThenNothingAgain("setWeight(60)", 1, () -> router.setWeight(60));
        writes.writesThenNothingAgain("setHeaderRoute(header)", 1,
                () -> router.setHeaderRoute(new HeaderRoute("feed", false, "x-feed", "v", HeaderRoute.Match.PREFIX)));
        writes.writesThenNothingAgain("setHeaderRoute(cookie)", 1,
                () -> router.setHeaderRoute(HeaderRoute.cookie("beta", "canary", "always")));
        writes.writesThenNothingAgain("reset deletes the canary Ingress", 1, router::reset);
        assertThat(read("nginx-again", "web-canary")).isNull();
    }

    @Test
    void observedWeightIsTheCanaryIngressesWeightAndZeroWithoutOne() {
        primary("nginx-observe", "web-stable");
        NginxCanaryRouter router = router("nginx-observe");
        RouterChecks writes = new RouterChecks(sandbox, "nginx-observe");
        writes.observes(router, 0, "no canary Ingress");

        router.setHeaderRoute(HeaderRoute.header("feed", "x-feed", "v2"));
        writes.observes(router, 0, "a canary Ingress for a header route only");
        router.setWeight(40);
        writes.observes(router, 40, "setWeight(40)");

        router.reset();
        writes.observes(router, 0, "reset");

        primary("nginx-theirs", "web-stable");
        create("nginx-theirs", ingress("nginx-theirs", "web-canary", "web-stable"));
        assertThatThrownBy(() -> router("nginx-theirs").observedWeight()).isInstanceOf(TrafficRouterException.class)
                .hasMessageContaining("is not labelled app.kubernetes.io/managed-by=progressive-delivery");
    }

    private static NginxCanaryRouter router(String namespace) {
        return new NginxCanaryRouter(sandbox.client(), namespace, "web", "web-stable", "web-canary");
    }

    /** The user's Ingress for the host: "/" to {@code service}, "/static" to another Service, an annotation of theirs. */
    private static Ingress primary(String namespace, String service) {
        Ingress ingress = new IngressBuilder(ingress(namespace, "web", service)).editMetadata()
                .addToAnnotations("nginx.ingress.kubernetes.io/proxy-body-size", "8m").endMetadata()
                .editSpec().withIngressClassName("nginx").editFirstRule().editHttp().addNewPath().withPath("/static")
                .withPathType("Prefix").withNewBackend().withNewService().withName("assets").withNewPort()
                .withNumber(80).endPort().endService().endBackend().endPath().endHttp().endRule().endSpec().build();
        return create(namespace, ingress);
    }

    private static Ingress ingress(String namespace, String name, String service) {
        return new IngressBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .withAnnotations(Map.of()).endMetadata()
                .withNewSpec().addNewRule().withHost(HOST).withNewHttp().addNewPath().withPath("/").withPathType("Prefix")
                .withNewBackend().withNewService().withName(service).withNewPort().withNumber(80).endPort().endService()
                .endBackend().endPath().endHttp().endRule().endSpec().build();
    }

    private static Ingress create(String namespace, Ingress ingress) {
        return sandbox.client().network().v1().ingresses().inNamespace(namespace).resource(ingress).create();
    }

    private static Ingress read(String namespace, String name) {
        return sandbox.client().network().v1().ingresses().inNamespace(namespace).withName(name).get();
    }
}
