package io.jenkins.plugins.progressive.engine.strategy.bluegreen;

import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import io.jenkins.plugins.progressive.engine.approval.ApprovalRequest;
import io.jenkins.plugins.progressive.engine.cluster.HttpHealthCheck;
import io.jenkins.plugins.progressive.engine.hooks.HookSpec;
import io.jenkins.plugins.progressive.engine.strategy.RolloutPlan;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A blue/green release of one app: the new images go to the idle slot, are checked through the preview Service,
 * optionally approved, switched live on every active Service at once, watched, and the old slot scaled down later.
 *
 * @param namespace where the app runs
 * @param app the app's name: Deployments {@code <app>-blue}/{@code <app>-green}, pods labelled {@code app=<app>}
 * @param images new images per container
 * @param activeServices the Services whose selector decides the live slot (all switch together); default {@code <app>}
 * @param previewService the Service pointing at the idle slot; default {@code <app>-preview}
 * @param previewReplicas replicas of the new slot before the switch; null = as many as the live slot
 * @param healthChecks HTTP checks, sent through the preview Service (their service name is replaced by it)
 * @param prePromotion metric gates on the new slot before the switch, or null
 * @param approval an approval to ask before the switch (id, title and facts are filled in), or null
 * @param postSwitch metric gates on the live version after the switch (the watch window), or null
 * @param scaleDownDelay how long the old slot stays scaled after the window; zero keeps it scaled
 * @param progressDeadline how long the new slot may take to become available
 * @param preHook expand migration before the new slot starts, or null
 * @param postHook contract migration after the old slot is scaled down, or null
 * @param previewTest a Job (phase {@link HookSpec.Phase#STEP}) run against the preview Service after the checks and
 *     before the approval and switch, e.g. smoke tests; a failure leaves the live slot untouched. Or null
 * @param holder who runs the release (build URL)
 */
public record BlueGreenPlan(String namespace, String app, List<ImageChange> images, List<String> activeServices,
        String previewService, Integer previewReplicas, List<HttpHealthCheck> healthChecks, AnalysisPlan prePromotion,
        ApprovalRequest approval, AnalysisPlan postSwitch, Duration scaleDownDelay, Duration progressDeadline,
        HookSpec preHook, HookSpec postHook, HookSpec previewTest, String holder) implements RolloutPlan {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    public static final Duration DEFAULT_SCALE_DOWN_DELAY = Duration.ofSeconds(30);

    public BlueGreenPlan {
        requireName("namespace", namespace, 63);
        requireName("app", app, 57);
        images = List.copyOf(Objects.requireNonNull(images, "images"));
        if (images.isEmpty()) {
            throw new PlanException("images: name at least one container and its new image");
        }
        activeServices = List.copyOf(activeServices == null || activeServices.isEmpty() ? List.of(app) : activeServices);
        activeServices.forEach(s -> requireName("activeServices", s, 63));
        previewService = previewService == null ? app + "-preview" : previewService;
        requireName("previewService", previewService, 63);
        if (activeServices.contains(previewService)) {
            throw new PlanException("previewService: '" + previewService + "' is also an active Service");
        }
        if (previewReplicas != null && previewReplicas < 1) {
            throw new PlanException("previewReplicas: must be at least 1, was " + previewReplicas);
        }
        healthChecks = List.copyOf(healthChecks == null ? List.of() : healthChecks);
        scaleDownDelay = scaleDownDelay == null ? DEFAULT_SCALE_DOWN_DELAY : scaleDownDelay;
        if (scaleDownDelay.isNegative()) {
            throw new PlanException("scaleDownDelay: must not be negative, was " + scaleDownDelay);
        }
        progressDeadline = progressDeadline == null ? Duration.ofMinutes(10) : progressDeadline;
        if (progressDeadline.isNegative() || progressDeadline.isZero()) {
            throw new PlanException("progressDeadline: must be positive, was " + progressDeadline);
        }
        if (previewTest != null && previewTest.phase() != HookSpec.Phase.STEP) {
            throw new PlanException("previewTest: must be a test Job (phase STEP), was a " + previewTest.phase()
                    + " hook");
        }
        holder = holder == null || holder.isBlank() ? "unknown" : holder;
    }

    public String deployment(Slot slot) {
        return app + "-" + slot.label();
    }

    private static void requireName(String field, String value, int max) {
        if (value == null || value.length() > max || !NAME.matcher(value).matches()) {
            throw new PlanException(field + ": '" + value + "' is not a valid name (lower-case letters, digits and '-', at most "
                    + max + " characters)");
        }
    }

    public static Builder builder(String namespace, String app) {
        return new Builder(namespace, app);
    }

    /** Fluent construction; {@link #build()} validates. */
    public static final class Builder {
        private final String namespace;
        private final String app;
        private final List<ImageChange> images = new ArrayList<>();
        private final List<String> activeServices = new ArrayList<>();
        private String previewService;
        private Integer previewReplicas;
        private final List<HttpHealthCheck> healthChecks = new ArrayList<>();
        private AnalysisPlan prePromotion;
        private ApprovalRequest approval;
        private AnalysisPlan postSwitch;
        private Duration scaleDownDelay;
        private Duration progressDeadline;
        private HookSpec preHook;
        private HookSpec postHook;
        private HookSpec previewTest;
        private String holder;

        private Builder(String namespace, String app) {
            this.namespace = namespace;
            this.app = app;
        }

        public Builder image(String container, String image) {
            images.add(new ImageChange(container, image));
            return this;
        }

        public Builder activeService(String name) {
            activeServices.add(name);
            return this;
        }

        public Builder previewService(String name) {
            previewService = name;
            return this;
        }

        public Builder previewReplicas(Integer value) {
            previewReplicas = value;
            return this;
        }

        public Builder healthCheck(HttpHealthCheck check) {
            healthChecks.add(check);
            return this;
        }

        public Builder prePromotion(AnalysisPlan value) {
            prePromotion = value;
            return this;
        }

        public Builder approval(ApprovalRequest value) {
            approval = value;
            return this;
        }

        public Builder postSwitch(AnalysisPlan value) {
            postSwitch = value;
            return this;
        }

        public Builder scaleDownDelay(Duration value) {
            scaleDownDelay = value;
            return this;
        }

        public Builder progressDeadline(Duration value) {
            progressDeadline = value;
            return this;
        }

        public Builder hooks(HookSpec pre, HookSpec post) {
            preHook = pre;
            postHook = post;
            return this;
        }

        public Builder previewTest(HookSpec value) {
            previewTest = value;
            return this;
        }

        public Builder holder(String value) {
            holder = value;
            return this;
        }

        public BlueGreenPlan build() {
            return new BlueGreenPlan(namespace, app, images, activeServices, previewService, previewReplicas,
                    healthChecks, prePromotion, approval, postSwitch, scaleDownDelay, progressDeadline, preHook,
                    postHook, previewTest, holder);
        }
    }

    @Override
    public String workload() {
        return app;
    }

    @Override
    public String target() {
        return "app " + namespace + "/" + app + " (blue/green)";
    }
}
