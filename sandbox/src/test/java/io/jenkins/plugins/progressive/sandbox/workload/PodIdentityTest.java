package io.jenkins.plugins.progressive.sandbox.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodIdentityTest {

    @Test
    void versionComesFromTheLabelElseFromTheImageTag() {
        Pod labelled = TestPods.pod("ns", "a", Map.of("app", "web", "version", "blue"), "web:1.2", true);
        Pod unlabelled = TestPods.pod("ns", "b", Map.of("app", "web"), "registry:5000/team/web:1.3", true);

        assertThat(PodIdentity.version(labelled)).isEqualTo("blue");
        assertThat(PodIdentity.version(unlabelled)).isEqualTo("1.3");
    }

    @Test
    void imageWithoutTagIsLatest() {
        assertThat(PodIdentity.imageTag("web")).isEqualTo("latest");
        assertThat(PodIdentity.imageTag("registry:5000/web")).isEqualTo("latest");
        assertThat(PodIdentity.imageTag("web:2@sha256:abc")).isEqualTo("2");
    }

    @Test
    void readyNeedsTheReadyConditionAndNoDeletion() {
        Pod ready = TestPods.pod("ns", "a", Map.of("app", "web"), "web:1", true);
        Pod notReady = TestPods.pod("ns", "a", Map.of("app", "web"), "web:1", false);
        Pod terminating = new PodBuilder(ready).editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z")
                .endMetadata().build();
        Pod pending = new PodBuilder(ready).withStatus(null).build();

        assertThat(PodIdentity.isReady(ready)).isTrue();
        assertThat(PodIdentity.isReady(notReady)).isFalse();
        assertThat(PodIdentity.isReady(terminating)).isFalse();
        assertThat(PodIdentity.isReady(pending)).isFalse();
    }

    @Test
    void serviceIsTheAppLabel() {
        assertThat(PodIdentity.service(TestPods.pod("ns", "a", Map.of("app", "web"), "web:1", true))).contains("web");
        assertThat(PodIdentity.service(TestPods.pod("ns", "a", Map.of("run", "x"), "web:1", true))).isEmpty();
    }
}
