package io.jenkins.plugins.progressive.engine.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisTiming;
import io.jenkins.plugins.progressive.engine.analysis.MetricCheck;
import io.jenkins.plugins.progressive.engine.analysis.PreflightPolicy;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.HttpPrometheusClient;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusAuth;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusConnection;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusQueries;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRolloutStatus;
import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.engine.strategy.bluegreen.BlueGreenDeploy;
import io.jenkins.plugins.progressive.engine.strategy.bluegreen.BlueGreenPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryStage;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryStep;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingPlan;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingUpdate;
import io.jenkins.plugins.progressive.engine.strategy.stateful.StatefulPlan;
import io.jenkins.plugins.progressive.engine.strategy.stateful.StatefulRollingUpdate;
import io.jenkins.plugins.progressive.engine.traffic.RouterSpec;
import io.jenkins.plugins.progressive.engine.workload.Batches;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.api.ApiWrites;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The metric-gate preflight of every strategy against the sandbox: the real Prometheus (directly, behind a proxy
 * that checks the bearer token, or a closed port instead), and the API server counting the writes each release makes.
 * A release whose gates cannot be asked, or whose query Prometheus rejects, writes nothing.
 */
class MetricGatePreflightTest {

    /**
     * Balanced and well-formed to the step's own parse-time check (which refuses unbalanced brackets before any
     * preflight), but wrong to Prometheus' parser: rate() over an instant vector is a type error.
     */
    private static final String MALFORMED = "sum(rate(http_requests_total{service=\"{{service}}\","
            + "version=\"{{version}}\"}))";
    private static final String NO_DATA = "sum(rate(preflight_no_such_metric_total{version=\"{{version}}\"}[{{window}}]))";
    private static final String RIGHT_TOKEN = "right-token";

    private static Sandbox sandbox;
    private static ScheduledExecutorService scheduler;
    private static HttpPrometheusClient prometheus;
    private static HttpServer authProxy;
    private static HttpPrometheusClient wrongToken;
    private static HttpPrometheusClient rightToken;
    private static HttpPrometheusClient closedPort;
    private final List<RolloutEvent> events = new CopyOnWriteArrayList<>();

    /** The four ways a release starts, each with where its gates sit in the step's parameters. */
    enum Kind {
        ROLLING("analysis"), STATEFUL("analysis"), BLUE_GREEN("prePromotion"), CANARY("steps[1].analysis");

        final String gatesPath;

        Kind(String gatesPath) {
            this.gatesPath = gatesPath;
        }

        String namespace(String scenario) {
            return name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + scenario;
        }
    }

    /** A started release: its end (result and message) and how to stop it. */
    record Release(CompletableFuture<String[]> outcome, Consumer<String> abort) {
    }

    @BeforeAll
    static void start() throws IOException {
        sandbox = Sandbox.builder().prometheus(Sandbox.PrometheusChoice.SHARED).start();
        scheduler = Executors.newScheduledThreadPool(2);
        prometheus = client(sandbox.prometheus().url().toString(), null);
        authProxy = authProxy(sandbox.prometheus().url());
        String proxied = "http://127.0.0.1:" + authProxy.getAddress().getPort() + "/";
        wrongToken = client(proxied, "wrong-token");
        rightToken = client(proxied, RIGHT_TOKEN);
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = client("http://127.0.0.1:" + socket.getLocalPort() + "/", null);
        }
    }

    @AfterAll
    static void stop() {
        authProxy.stop(0);
        scheduler.shutdownNow();
        sandbox.close();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aMalformedQueryIsRefusedNamingTheCheckWithoutAWrite(Kind kind) throws Exception {
        String ns = kind.namespace("malformed");
        prepare(kind, ns);
        int mark = writes().mark();

        String[] outcome = start(kind, ns, gates(MALFORMED), context(prometheus, PreflightPolicy.DEFAULT
                .withAllowUnmeasured(true))).outcome().get(30, TimeUnit.SECONDS);

        System.out.printf("preflight refusal (%s): %s%n", kind, outcome[1]);
        assertThat(outcome[0]).as(outcome[1]).isEqualTo("REFUSED");
        assertThat(outcome[1]).startsWith("metric gate preflight: Prometheus rejected " + kind.gatesPath
                + ".checks.latency.query: ").contains("parse error").contains("Nothing was changed");
        assertThat(writes().since(mark, ns)).as("writes to the API server").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anUnreachablePrometheusIsRefusedWithoutAWrite(Kind kind) throws Exception {
        String ns = kind.namespace("unreachable");
        prepare(kind, ns);
        int mark = writes().mark();

        String[] outcome = start(kind, ns, gates(NO_DATA), context(closedPort, PreflightPolicy.DEFAULT))
                .outcome().get(30, TimeUnit.SECONDS);

        System.out.printf("preflight refusal (%s): %s%n", kind, outcome[1]);
        assertThat(outcome[0]).as(outcome[1]).isEqualTo("REFUSED");
        assertThat(outcome[1]).startsWith("metric gate preflight: Prometheus cannot be reached (cannot reach 127.0.0.1:")
                .contains("so the metric gates (" + kind.gatesPath + ".checks.latency.query) cannot measure")
                .contains("preflight: [allowUnmeasured: true]");
        assertThat(writes().since(mark, ns)).as("writes to the API server").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aWrongTokenIsRefusedWithoutAWriteAndTheRightOneIsLetThrough(Kind kind) throws Exception {
        String ns = kind.namespace("token");
        prepare(kind, ns);
        int mark = writes().mark();

        String[] outcome = start(kind, ns, gates(NO_DATA), context(wrongToken, PreflightPolicy.DEFAULT))
                .outcome().get(30, TimeUnit.SECONDS);

        System.out.printf("preflight refusal (%s): %s%n", kind, outcome[1]);
        assertThat(outcome[0]).as(outcome[1]).isEqualTo("REFUSED");
        assertThat(outcome[1]).startsWith("metric gate preflight: Prometheus refused the credentials (HTTP 401 from ")
                .contains(kind.gatesPath + ".checks.latency.query").doesNotContain("wrong-token");
        assertThat(writes().since(mark, ns)).as("writes to the API server").isEmpty();

        proceeds(kind, ns, context(rightToken, PreflightPolicy.DEFAULT));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void allowUnmeasuredDeploysDespiteAnUnreachablePrometheusWithALoudWarning(Kind kind) throws Exception {
        String ns = kind.namespace("allowed");
        prepare(kind, ns);

        proceeds(kind, ns, context(closedPort, PreflightPolicy.DEFAULT.withAllowUnmeasured(true)));

        assertThat(events).anyMatch(e -> e instanceof RolloutEvent.Warning w && w.message().startsWith(
                "DEPLOYING WITH METRIC GATES THAT CANNOT MEASURE (preflight: [allowUnmeasured: true]): Prometheus cannot "
                        + "be reached"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aValidQueryWithoutDataYetProceeds(Kind kind) throws Exception {
        String ns = kind.namespace("nodata");
        prepare(kind, ns);

        proceeds(kind, ns, context(prometheus, PreflightPolicy.DEFAULT));

        assertThat(events).anyMatch(e -> e instanceof RolloutEvent.Decision d && d.positive()
                && d.message().startsWith("metric gate preflight: Prometheus accepted ")
                && d.message().contains("no data yet"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aReleaseContinuedAfterARestartIsNotAskedAgain(Kind kind) throws Exception {
        String ns = kind.namespace("resumed");
        prepare(kind, ns);
        AnalysisPlan passing = gates("vector(0)");
        ScheduledExecutorService dying = Executors.newScheduledThreadPool(2);
        int mark = writes().mark();
        Release first = start(kind, ns, passing, new RolloutContext(sandbox.client(), dying, Clock.systemUTC(), prometheus,
                new EngineMetrics(), events::add));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // The write that records the release's state on its workload: from there on it is one to continue.
        String recorded = switch (kind) {
            case ROLLING -> "/deployments/web";
            case STATEFUL -> "/statefulsets/kv";
            case BLUE_GREEN -> "/deployments/web-green";
            case CANARY -> "/deployments/web-canary";
        };
        // A Deployment or StatefulSet that is the lease's workload first gets the holder's lease term stamped on it
        // (one PATCH, LeaseFence); the release's own record is the PATCH after that.
        long patches = kind == Kind.ROLLING || kind == Kind.STATEFUL ? 2 : 1;
        while (writes().since(mark, ns).stream().filter(w -> w.method().equals("PATCH") && w.path().endsWith(recorded))
                .count() < patches && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        dying.shutdownNow(); // the controller goes down after the first write
        assertThat(writes().since(mark, ns)).as("the release had recorded itself").anyMatch(w -> w.path().endsWith(recorded));
        events.clear();

        // Prometheus is gone now: a new release would be refused, the one already under way is driven on.
        Release resumed = start(kind, ns, passing, context(closedPort, PreflightPolicy.DEFAULT), true);
        // Driven on means it acts (events) instead of being refused; its gates can only be inconclusive now, so it is
        // aborted once it acts rather than waited out.
        long acting = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (events.isEmpty() && !resumed.outcome().isDone() && System.nanoTime() < acting) {
            Thread.sleep(20);
        }
        resumed.abort().accept("test over");
        String[] outcome = resumed.outcome().get(90, TimeUnit.SECONDS);

        assertThat(outcome[0]).as(outcome[1]).isNotEqualTo("REFUSED");
        assertThat(events).noneMatch(e -> e.message().contains("metric gate preflight"));
    }

    /** The release gets past the preflight (it writes), then is aborted so that it ends quickly. */
    private void proceeds(Kind kind, String ns, RolloutContext context) throws Exception {
        int mark = writes().mark();
        Release release = start(kind, ns, gates(NO_DATA), context);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (writes().since(mark, ns).isEmpty() && !release.outcome().isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(writes().since(mark, ns)).as("the release went ahead: " + (release.outcome().isDone()
                ? String.join(": ", release.outcome().join()) : "running")).isNotEmpty();
        release.abort().accept("test over");
        release.outcome().get(90, TimeUnit.SECONDS);
    }

    private static AnalysisPlan gates(String query) {
        return AnalysisPlan.of(List.of(MetricCheck.of("latency", query, "< 5")))
                .withTiming(AnalysisTiming.DEFAULT.withInterval(Duration.ofSeconds(1)).withCount(1));
    }

    private Release start(Kind kind, String ns, AnalysisPlan gates, RolloutContext context) {
        return start(kind, ns, gates, context, false);
    }

    /** @param resume re-attach as after a restart (for all but the rolling update that is a start by the same holder) */
    private Release start(Kind kind, String ns, AnalysisPlan gates, RolloutContext context, boolean resume) {
        String holder = "https://ci.example/job/" + ns + "/1/";
        return switch (kind) {
            case ROLLING -> {
                RollingPlan plan = RollingPlan.builder(ns, "web").image("app", "shop/web:2.0")
                        .batches(Batches.parse(List.of("50%", "100%"))).analysis(gates, "web").holder(holder).build();
                RollingUpdate update = resume ? RollingUpdate.resume(plan, context) : RollingUpdate.start(plan, context);
                yield new Release(update.outcome().thenApply(o -> new String[] {o.result().name(), o.message()}),
                        update::abort);
            }
            case STATEFUL -> {
                StatefulRollingUpdate update = StatefulRollingUpdate.start(new StatefulPlan(ns, "kv",
                        List.of(new ImageChange("app", "shop/kv:2.0")), new Batches(List.of(50, 100)), List.of(), gates,
                        null, true, Duration.ofSeconds(30), holder), context);
                yield new Release(update.outcome().thenApply(o -> new String[] {o.result().name(), o.message()}),
                        update::abort);
            }
            case BLUE_GREEN -> {
                BlueGreenDeploy deploy = BlueGreenDeploy.start(BlueGreenPlan.builder(ns, "web").image("app", "shop/web:2.0")
                        .prePromotion(gates).holder(holder).build(), context, null);
                yield new Release(deploy.outcome().thenApply(o -> new String[] {o.result().name(), o.message()}),
                        deploy::abort);
            }
            case CANARY -> {
                CanaryStage stage = CanaryStage.start(new CanaryPlan(ns, "web", List.of(new ImageChange("app",
                        "shop/web:2.0")), RouterSpec.Kind.REPLICA_RATIO, null, List.of(new CanaryStep.SetWeight(50),
                        new CanaryStep.Analysis(gates), new CanaryStep.SetWeight(100)), null, 0, null, holder),
                        context, null);
                yield new Release(stage.outcome().thenApply(o -> new String[] {o.result().name(), o.message()}),
                        stage::abort);
            }
        };
    }

    /** What each strategy starts from: a Deployment {@code web} (2 replicas) behind a Service, or StatefulSet {@code kv}. */
    private static void prepare(Kind kind, String ns) {
        if (kind == Kind.STATEFUL) {
            sandbox.client().apps().statefulSets().inNamespace(ns).resource(new StatefulSetBuilder()
                    .withNewMetadata().withName("kv").withNamespace(ns).endMetadata()
                    .withNewSpec().withReplicas(2).withServiceName("kv")
                        .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
                        .withNewSelector().addToMatchLabels("app", "kv").endSelector()
                        .withNewTemplate().withNewMetadata().addToLabels("app", "kv").endMetadata()
                            .withNewSpec().addNewContainer().withName("app").withImage("shop/kv:1.0").endContainer().endSpec()
                        .endTemplate()
                    .endSpec().build()).create();
            sandbox.client().apps().statefulSets().inNamespace(ns).withName("kv").waitUntilCondition(s -> s != null
                    && s.getStatus() != null && Integer.valueOf(2).equals(s.getStatus().getReadyReplicas()), 30,
                    TimeUnit.SECONDS);
            return;
        }
        sandbox.client().apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString(1))
                        .withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                        .withNewSpec().addNewContainer().withName("app").withImage("shop/web:1.0").endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();
        sandbox.client().services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("web")
                .withNamespace(ns).endMetadata().withNewSpec().addToSelector("app", "web").addNewPort().withPort(80)
                .endPort().endSpec().build()).create();
        sandbox.client().apps().deployments().inNamespace(ns).withName("web").waitUntilCondition(d -> d != null
                && DeploymentRolloutStatus.of(d).phase() == RolloutPhase.COMPLETE, 15, TimeUnit.SECONDS);
    }

    private RolloutContext context(PrometheusQueries queries, PreflightPolicy policy) {
        return new RolloutContext(sandbox.client(), scheduler, Clock.systemUTC(), queries, new EngineMetrics(), events::add)
                .withPreflight(policy);
    }

    private static ApiWrites writes() {
        return sandbox.apiServer().writes();
    }

    private static HttpPrometheusClient client(String url, String token) {
        PrometheusConnection connection = PrometheusConnection.of(url).withTimeout(Duration.ofSeconds(3));
        return new HttpPrometheusClient(token == null ? connection : connection.withAuth(PrometheusAuth.bearer(token)));
    }

    /**
     * The real Prometheus behind a bearer-token check, as an authenticating proxy in front of a hosted Prometheus
     * does it: a wrong token gets 401, the right one the Prometheus answer.
     */
    private static HttpServer authProxy(URI prometheus) throws IOException {
        HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        HttpClient forward = HttpClient.newHttpClient();
        proxy.setExecutor(Executors.newCachedThreadPool());
        proxy.createContext("/", exchange -> {
            byte[] answer;
            int status;
            if (!("Bearer " + RIGHT_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                status = 401;
                answer = "Unauthorized".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            } else {
                try {
                    HttpResponse<byte[]> response = forward.send(HttpRequest.newBuilder(prometheus.resolve(
                            exchange.getRequestURI().getRawPath().substring(1)))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()))
                            .build(), HttpResponse.BodyHandlers.ofByteArray());
                    status = response.statusCode();
                    answer = response.body();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    status = 502;
                    answer = new byte[0];
                }
            }
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        proxy.start();
        return proxy;
    }
}
