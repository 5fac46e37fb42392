package io.jenkins.plugins.progressive.sandbox;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadGenerator;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadSpec;
import io.jenkins.plugins.progressive.sandbox.traffic.TrafficCounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox demo: a cluster with one sample service ({@code web} in namespace {@code demo}, 3 replicas of
 * {@code demo/web:1.0}, 20 requests/second), its own Prometheus, and a line of traffic numbers every 10 s. Point
 * kubectl and a browser at the URLs it prints; stop it with Ctrl-C.
 *
 * <p>Arguments: {@code --api-port N} (default: a free port), {@code --rate R} requests/second (default 20).
 */
public final class SandboxMain {

    static final String NAMESPACE = "demo";
    static final String SERVICE = "web";

    private SandboxMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        int port = Integer.parseInt(options.getOrDefault("--api-port", "0"));
        double rate = Double.parseDouble(options.getOrDefault("--rate", "20"));
        Sandbox sandbox = Sandbox.builder().port(port).prometheus(Sandbox.PrometheusChoice.OWN).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));

        deploySampleService(sandbox);
        LoadGenerator load = sandbox.startLoad(LoadSpec.of(NAMESPACE, SERVICE, rate));
        Path kubeconfig = sandbox.apiServer().writeKubeconfig(Files.createTempDirectory("sandbox").resolve("kubeconfig"));
        System.out.printf("""
                Sandbox cluster is up.
                  API server : %s
                  kubeconfig : %s
                  Prometheus : %sgraph
                Sample service "%s" in namespace "%s": 3 replicas of demo/web:1.0, %.0f requests/second.
                Try:
                  kubectl --kubeconfig %2$s -n %5$s get deploy,rs,pods
                  kubectl --kubeconfig %2$s -n %5$s patch deploy %4$s --type=merge \\
                      -p '{"spec":{"template":{"spec":{"containers":[{"name":"%4$s","image":"demo/web:2.0"}]}}}}'
                  kubectl --kubeconfig %2$s -n %5$s rollout status deploy/%4$s
                  PromQL: sum by (version) (rate(http_requests_total{service="%4$s"}[30s]))
                (kubectl needs --validate=false for create/apply; strategic-merge patches are not supported.)
                Press Ctrl-C to stop.
                """, sandbox.apiServer().url(), kubeconfig, sandbox.prometheus().url(), SERVICE, NAMESPACE, rate);
        while (!stopped.await(10, TimeUnit.SECONDS)) {
            TrafficCounts counts = load.counts();
            load.resetCounts();
            System.out.printf("last 10 s: %d requests, by version %s, error ratio %.3f%n", counts.total(),
                    counts.byVersion(), counts.errorRatio());
        }
    }

    static void deploySampleService(Sandbox sandbox) {
        var client = sandbox.client();
        client.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder()
                .withNewMetadata().withName(SERVICE).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withReplicas(3)
                    .withNewSelector().addToMatchLabels("app", SERVICE).endSelector()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                        .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0))
                    .endRollingUpdate().endStrategy()
                    .withNewTemplate().withNewMetadata().addToLabels("app", SERVICE).endMetadata()
                        .withNewSpec().addNewContainer().withName(SERVICE).withImage("demo/web:1.0")
                            .withNewResources()
                                .addToRequests("cpu", new Quantity("250m")).addToRequests("memory", new Quantity("128Mi"))
                                .addToLimits("cpu", new Quantity("1")).addToLimits("memory", new Quantity("256Mi"))
                            .endResources()
                        .endContainer().endSpec()
                    .endTemplate()
                .endSpec().build()).create();
        client.services().inNamespace(NAMESPACE).resource(new ServiceBuilder()
                .withNewMetadata().withName(SERVICE).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().addToSelector("app", SERVICE).addNewPort().withPort(80).endPort().endSpec()
                .build()).create();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.equals("--api-port") && !name.equals("--rate")) {
                throw new IllegalArgumentException("unknown argument " + name + "; known: --api-port N, --rate R");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            options.put(name, args[++i]);
        }
        return options;
    }
}
