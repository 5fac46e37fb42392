package io.jenkins.plugins.progressive.sandbox.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerResourcesTest {

    @Test
    void cpuQuantitiesBecomeCores() {
        assertThat(ContainerResources.amount(new Quantity("500m"))).hasValue(0.5);
        assertThat(ContainerResources.amount(new Quantity("1"))).hasValue(1.0);
        assertThat(ContainerResources.amount(new Quantity("1.5"))).hasValue(1.5);
        assertThat(ContainerResources.amount(new Quantity("2500u")).orElseThrow()).isCloseTo(0.0025, within(1e-12));
    }

    @Test
    void memoryQuantitiesBecomeBytes() {
        assertThat(ContainerResources.amount(new Quantity("256Mi"))).hasValue(268_435_456.0);
        assertThat(ContainerResources.amount(new Quantity("1Gi"))).hasValue(1_073_741_824.0);
        assertThat(ContainerResources.amount(new Quantity("128M"))).hasValue(128_000_000.0);
        assertThat(ContainerResources.amount(new Quantity("1e3"))).hasValue(1000.0);
        assertThat(ContainerResources.amount(new Quantity("4096"))).hasValue(4096.0);
    }

    @Test
    void invalidOrNegativeQuantitiesAreLeftOut() {
        assertThat(ContainerResources.amount(new Quantity("lots"))).isEmpty();
        assertThat(ContainerResources.amount(new Quantity("-1"))).isEmpty();

        Pod pod = TestPods.pod("ns", "p", Map.of("app", "web"), true,
                TestPods.container("app", "web:1", Map.of("cpu", "lots", "memory", "64Mi"), Map.of()));

        assertThat(ContainerResources.of(pod).get(0).requests())
                .isEqualTo(Map.of(ComputeResource.MEMORY, 67_108_864.0));
    }

    @Test
    void readsEveryContainerInOrderAndOnlyWhatTheSpecNames() {
        Pod pod = TestPods.pod("ns", "p", Map.of("app", "web"), true,
                TestPods.container("app", "web:1", Map.of("cpu", "250m", "memory", "256Mi", "ephemeral-storage", "1Gi"),
                        Map.of("memory", "512Mi")),
                TestPods.container("proxy", "envoy:1", Map.of(), Map.of()));

        List<ContainerResources> containers = ContainerResources.of(pod);

        assertThat(containers).extracting(ContainerResources::container).containsExactly("app", "proxy");
        assertThat(containers.get(0).requests()).isEqualTo(Map.of(ComputeResource.CPU, 0.25,
                ComputeResource.MEMORY, 268_435_456.0));
        assertThat(containers.get(0).limits()).isEqualTo(Map.of(ComputeResource.MEMORY, 536_870_912.0));
        assertThat(containers.get(1).requests()).isEmpty();
        assertThat(containers.get(1).limits()).isEmpty();
    }

    @Test
    void aLimitWithoutARequestIsAlsoTheRequestAsTheApiServerDefaultsIt() {
        Pod pod = TestPods.pod("ns", "p", Map.of("app", "web"), true,
                TestPods.container("app", "web:1", Map.of("memory", "128Mi"), Map.of("cpu", "2", "memory", "1Gi")));

        ContainerResources app = ContainerResources.of(pod).get(0);

        assertThat(app.requests()).isEqualTo(Map.of(ComputeResource.CPU, 2.0, ComputeResource.MEMORY, 134_217_728.0));
        assertThat(app.limits()).isEqualTo(Map.of(ComputeResource.CPU, 2.0, ComputeResource.MEMORY, 1_073_741_824.0));
    }
}
