package io.jenkins.plugins.progressive.engine.strategy.canary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far a canary walk got, mirrored on the canary Deployment as an annotation (as Argo Rollouts keeps the current
 * step index in the Rollout's status), so that a new engine instance with the same holder resumes there.
 *
 * <p>It lives on the canary Deployment rather than on the stable one: the canary Deployment is ours alone and lives
 * exactly as long as the walk matters (no canary, nothing to resume), while the stable Deployment belongs to the user,
 * whose GitOps tool may replace its metadata at any time, and which the promotion itself rewrites.
 *
 * @param holder who walks (the build URL); only the same holder resumes
 * @param fingerprint a hash of the plan's steps and images ({@link #fingerprint}); a changed plan does not resume
 * @param reached the index of the step in progress ({@code steps.size()} while promoting)
 * @param completed how many steps are done: the walk resumes at step index {@code completed}
 * @param weight the canary weight the completed steps left on the router (recorded with the next step, so a step that
 *     was in progress when the engine died may have moved it on: that step runs again and its writes find their effect)
 * @param phase {@code walking}, {@code promoting}, {@code rolling-back}, or a final {@code promoted} /
 *     {@code rolled-back}; recorded before the writes of the phase it names, so a resumed walk never goes back to a
 *     phase whose writes had begun
 * @param replicas the stable Deployment's replicas before the canary (R): the replica-ratio router scales stable down,
 *     so after a restart stable's own count is no longer R
 * @param pauseUntil when the timed pause in progress ends (epoch milliseconds), or 0
 * @param stableImages the stable Deployment's images (container to image) before the walk: what an undo of a begun
 *     promotion puts back, also after a restart, when stable itself may already run the new ones
 */
record CanaryState(String holder, String fingerprint, int reached, int completed, int weight, String phase, int replicas,
        long pauseUntil, Map<String, String> stableImages) {

    CanaryState {
        stableImages = stableImages == null ? Map.of() : Map.copyOf(stableImages);
    }

    static final String ANNOTATION = "progressive.jenkins.io/canary";
    static final String WALKING = "walking";
    static final String PROMOTING = "promoting";
    static final String ROLLING_BACK = "rolling-back";
    static final String PROMOTED = "promoted";
    static final String ROLLED_BACK = "rolled-back";

    /** Map keys and properties sorted: {@code Map.of} iterates in a per-JVM random order, a fingerprint must not. */
    private static final ObjectMapper CANONICAL = Serialization.jsonMapper().copy()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true);

    static CanaryState begin(CanaryPlan plan, int replicas, Map<String, String> stableImages) {
        return new CanaryState(plan.holder(), fingerprint(plan), 0, 0, 0, WALKING, replicas, 0, stableImages);
    }

    /** Step {@code step} begins (the steps before it are done, leaving the canary at {@code percent}). */
    CanaryState at(int step, long until, int percent) {
        return new CanaryState(holder, fingerprint, step, step, percent, WALKING, replicas, until, stableImages);
    }

    CanaryState promoting(int steps, int percent) {
        return new CanaryState(holder, fingerprint, steps, steps, percent, PROMOTING, replicas, 0, stableImages);
    }

    /** The walk is being undone: a resumed engine finishes the undo instead of walking on. */
    CanaryState rollingBack() {
        return new CanaryState(holder, fingerprint, reached, completed, weight, ROLLING_BACK, replicas, 0, stableImages);
    }

    CanaryState ended(String finalPhase) {
        return new CanaryState(holder, fingerprint, reached, completed, 0, finalPhase, replicas, 0, stableImages);
    }

    boolean finished() {
        return PROMOTED.equals(phase) || ROLLED_BACK.equals(phase);
    }

    /** Whether {@code plan} continues this walk: same holder, same steps and images. */
    boolean continues(CanaryPlan plan) {
        return holder.equals(plan.holder()) && fingerprint.equals(fingerprint(plan)) && completed <= plan.steps().size();
    }

    String toJson() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("holder", holder);
        values.put("fingerprint", fingerprint);
        values.put("reached", reached);
        values.put("completed", completed);
        values.put("weight", weight);
        values.put("phase", phase);
        values.put("replicas", replicas);
        values.put("pauseUntil", pauseUntil);
        values.put("stableImages", new java.util.TreeMap<>(stableImages));
        return Serialization.asJson(values);
    }

    /** The state on the canary Deployment, whoever left it; null when there is none or it cannot be read. */
    static CanaryState read(Deployment canary) {
        Map<String, String> annotations = canary == null ? null : canary.getMetadata().getAnnotations();
        String json = annotations == null ? null : annotations.get(ANNOTATION);
        if (json == null) {
            return null;
        }
        try {
            JsonNode node = Serialization.jsonMapper().readTree(json);
            if (!node.hasNonNull("holder") || !node.hasNonNull("fingerprint")) {
                return null;
            }
            return new CanaryState(node.get("holder").asText(), node.get("fingerprint").asText(),
                    node.path("reached").asInt(0), Math.max(0, node.path("completed").asInt(0)),
                    Math.max(0, Math.min(100, node.path("weight").asInt(0))), node.path("phase").asText(WALKING),
                    node.path("replicas").asInt(0), node.path("pauseUntil").asLong(0), images(node.path("stableImages")));
        } catch (java.io.IOException | RuntimeException e) {
            // Unreadable state is no state: the walk starts from the first step, which is the safe direction.
            return null;
        }
    }

    private static Map<String, String> images(JsonNode node) {
        Map<String, String> images = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> images.put(e.getKey(), e.getValue().asText()));
        return images;
    }

    /**
     * A hash of what makes a walk the same walk: its steps (with their gates), background analysis, images, router
     * and canary size. Steps that cannot be serialized (a flag source in a test, say) count by their description.
     */
    static String fingerprint(CanaryPlan plan) {
        StringBuilder text = new StringBuilder();
        plan.steps().forEach(step -> text.append(step.getClass().getSimpleName()).append(':').append(canonical(step)).append('\n'));
        text.append("background@").append(plan.backgroundFrom()).append(':').append(canonical(plan.background())).append('\n');
        plan.images().forEach(image -> text.append("image:").append(image.container()).append('=').append(image.image()).append('\n'));
        text.append("router:").append(plan.routerKind()).append('/').append(plan.routerObject()).append(" canaryReplicas:")
                .append(plan.canaryReplicas());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String canonical(Object value) {
        if (value == null) {
            return "none";
        }
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            return value instanceof CanaryStep step ? step.describe() : String.valueOf(value);
        }
    }
}
