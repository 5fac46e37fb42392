package io.jenkins.plugins.progressive.engine.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import io.jenkins.plugins.progressive.engine.hooks.HookSpec.Phase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Hook input is rejected before anything is written, with the field named; Job names are stable DNS labels. */
class HookSpecTest {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    static final String JOB = """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: whatever
              labels:
                team: shop
            spec:
              backoffLimit: 2
              template:
                spec:
                  containers:
                  - name: migrate
                    image: registry.example.com/shop/migrate:2.1.0
                    command: ["./migrate", "up"]
            """;

    @Test
    void defaultsAreTenMinutesNoRetriesAndTheDbMigrationPrefix() {
        HookSpec spec = HookSpec.template(Phase.PRE, "shop/migrate:2", List.of("./migrate", "up"));
        assertThat(spec.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(spec.backoffLimit()).isZero();
        assertThat(spec.namePrefix()).isEqualTo("db-migration");
        assertThat(HookSpec.manifest(Phase.POST, JOB).job()).isInstanceOf(HookJob.Manifest.class);
    }

    @Test
    void aManifestMustBeOneBatchV1JobWithContainers() {
        assertThatThrownBy(() -> HookSpec.manifest(Phase.PRE, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"))
                .isInstanceOf(PlanException.class)
                .hasMessage("preHook.manifest: must be a batch/v1 Job, was apps/v1 Deployment");
        assertThatThrownBy(() -> HookSpec.manifest(Phase.POST, "apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n"
                + "    spec:\n      containers: []\n"))
                .hasMessage("postHook.manifest: spec.template.spec.containers: the Job has no containers");
        assertThatThrownBy(() -> HookSpec.manifest(Phase.PRE, JOB + "---\n" + JOB))
                .hasMessage("preHook.manifest: holds 2 documents; give exactly one Job");
        assertThatThrownBy(() -> HookSpec.manifest(Phase.PRE, "apiVersion: batch/v1\nkind: Job\nspec: [\n"))
                .hasMessageStartingWith("preHook.manifest: not a valid Kubernetes object: ");
        assertThatThrownBy(() -> HookSpec.manifest(Phase.PRE, "  "))
                .hasMessageStartingWith("preHook.manifest: is empty");
        assertThatThrownBy(() -> HookSpec.manifest(Phase.PRE, JOB.replace("registry.example.com/shop/migrate:2.1.0", "Shop Migrate")))
                .hasMessage("preHook.manifest: spec.template.spec.containers[0].image: 'Shop Migrate' is not a valid image reference");
        assertThatThrownBy(() -> HookSpec.manifest(Phase.PRE, JOB.replace("      containers:", "      restartPolicy: Always\n      containers:")))
                .hasMessage("preHook.manifest: spec.template.spec.restartPolicy: must be Never or OnFailure for a Job, was Always");
        assertThatThrownBy(() -> HookSpec.manifest(Phase.PRE, JOB.replace("  backoffLimit: 2", "  suspend: true")))
                .hasMessage("preHook.manifest: spec.suspend: a suspended Job would never run");
    }

    @Test
    void aTemplateNeedsAValidImageAndACommand() {
        assertThatThrownBy(() -> HookSpec.template(Phase.PRE, "Shop/Migrate:1", List.of("./migrate")))
                .hasMessageStartingWith("preHook.template.image: 'Shop/Migrate:1' is not a valid image reference");
        assertThatThrownBy(() -> HookSpec.template(Phase.POST, "shop/migrate:1", List.of()))
                .hasMessageStartingWith("postHook.template.command: give the command to run");
        assertThatThrownBy(() -> HookSpec.template(Phase.PRE, "shop/migrate:1", List.of("./migrate", " ")))
                .hasMessage("preHook.template.command[1]: must not be blank");
        assertThatThrownBy(() -> new HookJob.Template("shop/migrate:1", List.of("x"), Map.of("A=B", "1"), null))
                .hasMessage("template.env: 'A=B' is not a valid variable name");
        assertThatThrownBy(() -> new HookJob.Template("shop/migrate:1", List.of("x"), null, "Migrator"))
                .hasMessage("template.serviceAccount: 'Migrator' is not a valid service account name");
        HookJob.Template ok = new HookJob.Template("registry.example.com:5000/shop/migrate:2.1.0@sha256:"
                + "a".repeat(64), List.of("./migrate"), Map.of("B", "2", "A", "1"), "migrator");
        assertThat(ok.env().keySet()).containsExactly("A", "B");
    }

    @Test
    void timeoutBackoffAndPrefixAreChecked() {
        HookSpec spec = HookSpec.template(Phase.POST, "shop/migrate:1", List.of("./migrate"));
        assertThatThrownBy(() -> spec.withTimeout(Duration.ZERO)).hasMessage("postHook.timeout: must be positive, was PT0S");
        assertThatThrownBy(() -> spec.withBackoffLimit(-1)).hasMessage("postHook.backoffLimit: must not be negative, was -1");
        assertThatThrownBy(() -> spec.withNamePrefix("DB_migrate"))
                .hasMessageStartingWith("postHook.namePrefix: 'DB_migrate' must be 1-40 lowercase letters");
        assertThatThrownBy(() -> new HookSpec(Phase.PRE, null, Duration.ofMinutes(1), 0, "x"))
                .hasMessage("preHook: give either a manifest or a template (image and command)");
    }

    @Test
    void jobNamesAreDeterministicDnsLabelsThatKeepRunIdsApart() {
        HookSpec pre = HookSpec.template(Phase.PRE, "shop/migrate:1", List.of("./migrate"));
        assertThat(HookJobs.name(pre, "42")).isEqualTo("db-migration-pre-42");
        assertThat(HookJobs.name(pre.withNamePrefix("schema"), "run-7")).isEqualTo("schema-pre-run-7");

        String odd = HookJobs.name(pre, "shop/web#42");
        assertThat(odd).matches("db-migration-pre-shop-web-42-[0-9a-f]{8}").isEqualTo(HookJobs.name(pre, "shop/web#42"));
        assertThat(HookJobs.name(pre, "Shop/Web#42")).as("case differs, so the Job differs").isNotEqualTo(odd);

        String longId = "x".repeat(80);
        String name = HookJobs.name(pre, longId);
        assertThat(name).hasSizeLessThanOrEqualTo(63).matches(DNS_LABEL);
        assertThat(HookJobs.name(pre, longId + "y")).hasSizeLessThanOrEqualTo(63).isNotEqualTo(name);
        assertThat(HookJobs.name(pre, "###")).matches("db-migration-pre-[0-9a-f]{8}");
        assertThat(HookJobs.runIdLabel("shop/web#42")).isEqualTo("shop-web-42");
    }

    @Test
    void aManifestKeepsItsOwnSettingsAndGetsOurNameLabelsAndDefaults() {
        HookSpec spec = HookSpec.manifest(Phase.PRE, JOB).withTimeout(Duration.ofSeconds(90));
        Job job = HookJobs.build(spec, "shop", "42");
        assertThat(job.getMetadata().getName()).isEqualTo("db-migration-pre-42");
        assertThat(job.getMetadata().getLabels()).containsEntry("team", "shop")
                .containsEntry("app.kubernetes.io/managed-by", "progressive-delivery")
                .containsEntry("progressive-delivery.jenkins.io/hook-phase", "pre")
                .containsEntry("progressive-delivery.jenkins.io/run-id", "42");
        assertThat(job.getSpec().getBackoffLimit()).as("the manifest's own").isEqualTo(2);
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(86_400);
        assertThat(job.getSpec().getActiveDeadlineSeconds()).as("timeout plus grace").isEqualTo(150L);
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("progressive-delivery.jenkins.io/run-id", "42");
        assertThatThrownBy(() -> HookJobs.build(HookSpec.manifest(Phase.PRE, JOB.replace("  name: whatever",
                "  name: whatever\n  namespace: billing")), "shop", "42"))
                .hasMessage("preHook.manifest: metadata.namespace is 'billing', but the rollout runs in 'shop'");
    }
}
