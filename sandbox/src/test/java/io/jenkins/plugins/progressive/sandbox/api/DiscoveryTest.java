package io.jenkins.plugins.progressive.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's API discovery covers every kind it serves, as a real API server with those CRDs installed does:
 * a client that resolves a kind from its apiVersion (fabric8's {@code genericKubernetesResources(apiVersion, kind)},
 * kubectl's short names and {@code api-resources}) finds them.
 */
class DiscoveryTest {

    private static ApiServer api;
    private static KubernetesClient client;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        api = ApiServer.start();
        client = api.newClient();
    }

    @AfterAll
    static void stop() {
        client.close();
        api.close();
    }

    @Test
    void aFeatureFlagIsFoundByApiVersionAndKindAsOnAClusterWithTheCrd() {
        client.genericKubernetesResources("core.openfeature.dev/v1beta1", "FeatureFlag").inNamespace("flags")
                .resource(object("core.openfeature.dev/v1beta1", "FeatureFlag", "flags", "shop-flags",
                        Map.of("flagSpec", Map.of("flags", Map.of()))))
                .create();

        GenericKubernetesResource read = client.genericKubernetesResources("core.openfeature.dev/v1beta1", "FeatureFlag")
                .inNamespace("flags").withName("shop-flags").get();

        assertThat(read).isNotNull();
        assertThat(read.getKind()).isEqualTo("FeatureFlag");
        assertThat(client.genericKubernetesResources("core.openfeature.dev/v1beta1", "FeatureFlag")
                .inNamespace("flags").list().getItems()).extracting(r -> r.getMetadata().getName())
                .containsExactly("shop-flags");
    }

    @Test
    void kindsOfOtherGroupsAreFoundByApiVersionAndKindToo() {
        client.genericKubernetesResources("networking.istio.io/v1beta1", "VirtualService").inNamespace("mesh")
                .resource(object("networking.istio.io/v1beta1", "VirtualService", "mesh", "cart",
                        Map.of("hosts", List.of("cart"))))
                .create();
        client.genericKubernetesResources("coordination.k8s.io/v1", "Lease").inNamespace("mesh")
                .resource(object("coordination.k8s.io/v1", "Lease", "mesh", "rollout-cart",
                        Map.of("holderIdentity", "build-1")))
                .create();

        assertThat(client.genericKubernetesResources("networking.istio.io/v1beta1", "VirtualService")
                .inNamespace("mesh").withName("cart").get()).isNotNull();
        assertThat(client.genericKubernetesResources("coordination.k8s.io/v1", "Lease")
                .inNamespace("mesh").withName("rollout-cart").get().getAdditionalProperties())
                .containsKey("spec");
        assertThat(client.leases().inNamespace("mesh").withName("rollout-cart").get().getSpec().getHolderIdentity())
                .as("the generic and the typed client read the same object").isEqualTo("build-1");
    }

    @Test
    void everyServedGroupVersionListsItsResourcesLikeARealServer() {
        List<String> groupVersions = new ArrayList<>(List.of("v1"));
        for (APIGroup group : client.getApiGroups().getGroups()) {
            assertThat(group.getPreferredVersion().getGroupVersion()).as(group.getName())
                    .isIn(group.getVersions().stream().map(v -> v.getGroupVersion()).toList());
            group.getVersions().forEach(v -> groupVersions.add(v.getGroupVersion()));
        }
        assertThat(groupVersions).contains("v1", "apps/v1", "batch/v1", "coordination.k8s.io/v1", "policy/v1",
                "networking.k8s.io/v1", "gateway.networking.k8s.io/v1", "networking.istio.io/v1beta1",
                "core.openfeature.dev/v1beta1");

        for (String groupVersion : groupVersions) {
            APIResourceList list = client.getApiResources(groupVersion);
            assertThat(list.getGroupVersion()).isEqualTo(groupVersion);
            assertThat(list.getResources()).as(groupVersion).isNotEmpty().allSatisfy(resource -> {
                assertThat(resource.getKind()).isNotBlank();
                assertThat(resource.getNamespaced()).isNotNull();
                assertThat(resource.getVerbs()).isNotEmpty();
                if (!resource.getName().contains("/")) {
                    assertThat(resource.getSingularName()).isEqualTo(resource.getKind().toLowerCase());
                    assertThat(resource.getVerbs()).contains("get", "list", "watch", "create", "patch", "delete");
                }
            });
        }
        APIResource featureFlags = resource("core.openfeature.dev/v1beta1", "featureflags");
        assertThat(featureFlags.getShortNames()).containsExactly("ff");
        assertThat(featureFlags.getNamespaced()).isTrue();
        assertThat(resource("v1", "namespaces").getNamespaced()).isFalse();
        assertThat(resource("apps/v1", "deployments/scale").getVerbs()).containsExactlyInAnyOrder("get", "patch", "update");
    }

    @Test
    void kubectlListsTheFeatureFlagKindAndGetsFlagsByNameAndShortName() throws Exception {
        client.genericKubernetesResources("core.openfeature.dev/v1beta1", "FeatureFlag").inNamespace("kc")
                .resource(object("core.openfeature.dev/v1beta1", "FeatureFlag", "kc", "web-flags",
                        Map.of("flagSpec", Map.of("flags", Map.of()))))
                .create();
        Path kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));

        Run resources = kubectl(kubeconfig, "api-resources", "--api-group=core.openfeature.dev", "--no-headers");
        assertThat(resources.exitCode()).as(resources.errors()).isZero();
        assertThat(resources.output().strip().split("\\s+"))
                .containsExactly("featureflags", "ff", "core.openfeature.dev/v1beta1", "true", "FeatureFlag");

        Run byName = kubectl(kubeconfig, "get", "featureflags", "-n", "kc", "-o", "name");
        assertThat(byName.exitCode()).as(byName.errors()).isZero();
        assertThat(byName.output().strip()).isEqualTo("featureflag.core.openfeature.dev/web-flags");
        Run byShortName = kubectl(kubeconfig, "get", "ff", "web-flags", "-n", "kc", "-o", "name");
        assertThat(byShortName.exitCode()).as(byShortName.errors()).isZero();
        assertThat(byShortName.output().strip()).isEqualTo("featureflag.core.openfeature.dev/web-flags");
    }

    private static APIResource resource(String groupVersion, String name) {
        return client.getApiResources(groupVersion).getResources().stream().filter(r -> r.getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not in " + groupVersion));
    }

    private static GenericKubernetesResource object(String apiVersion, String kind, String namespace, String name,
            Map<String, Object> spec) {
        return new GenericKubernetesResourceBuilder().withApiVersion(apiVersion).withKind(kind)
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .addToAdditionalProperties("spec", spec).build();
    }

    private record Run(int exitCode, String output, String errors) {
    }

    private static Run kubectl(Path kubeconfig, String... args) throws IOException, InterruptedException {
        String configured = System.getenv("KUBECTL_BIN");
        String binary = configured == null ? "/usr/bin/kubectl" : configured;
        if (!Files.isExecutable(Path.of(binary))) {
            throw new AssertionError("kubectl not found at " + binary + ": install it (Debian: apt-get install -y "
                    + "kubernetes-client) or set KUBECTL_BIN");
        }
        List<String> command = new ArrayList<>(List.of(binary, "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", dir.resolve("kube-cache").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "kubectl", ".out");
        Path err = Files.createTempFile(dir, "kubectl", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl " + String.join(" ", args) + " did not exit within 40 s");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
