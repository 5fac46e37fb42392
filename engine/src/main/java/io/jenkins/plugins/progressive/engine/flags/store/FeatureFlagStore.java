package io.jenkins.plugins.progressive.engine.flags.store;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.jenkins.plugins.progressive.engine.flags.FlagDefinition;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import io.jenkins.plugins.progressive.engine.flags.InvalidFlagSetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A flag set in the {@code spec.flagSpec} of an OpenFeature operator {@code FeatureFlag}
 * ({@code core.openfeature.dev/v1beta1}), which flagd's Kubernetes sync watches with an informer: changes arrive
 * near-immediately, but flagd needs RBAC to read {@code featureflags}. Other spec keys, labels and annotations are kept.
 *
 * <p>The CRD requires {@code defaultVariant} on every flag and prunes flag keys it does not define; a set that relies
 * on either is refused before writing rather than silently changed by the API server.
 */
public final class FeatureFlagStore implements FlagStore {

    /** Named explicitly so no discovery request is needed (the resource's group may not be discoverable). */
    static final ResourceDefinitionContext FEATURE_FLAG = new ResourceDefinitionContext.Builder()
            .withGroup("core.openfeature.dev").withVersion("v1beta1").withKind("FeatureFlag")
            .withPlural("featureflags").withNamespaced(true).build();
    private static final String SPEC = "spec";
    private static final String FLAG_SPEC = "flagSpec";

    private final KubernetesClient client;
    private final String namespace;
    private final String name;

    public FeatureFlagStore(KubernetesClient client, String namespace, String name) {
        this.client = StoreArguments.required(client, "client");
        this.namespace = StoreArguments.namespace(namespace);
        this.name = StoreArguments.objectName(name, "featureFlag");
    }

    @Override
    public String describe() {
        return "FeatureFlag " + namespace + "/" + name;
    }

    @Override
    public StoredFlagSet read() {
        GenericKubernetesResource flag = get("reading");
        if (flag == null) {
            return new StoredFlagSet(emptySet(), null, null, StoredFlagSet.Presence.NO_OBJECT);
        }
        String audit = annotations(flag).get(AUDIT_ANNOTATION);
        String version = flag.getMetadata().getResourceVersion();
        Object flagSpec = spec(flag).get(FLAG_SPEC);
        if (flagSpec == null) {
            return new StoredFlagSet(emptySet(), version, audit, StoredFlagSet.Presence.NO_KEY);
        }
        try {
            return new StoredFlagSet(FlagSet.parse(client.getKubernetesSerialization().asJson(flagSpec)), version,
                    audit, StoredFlagSet.Presence.PRESENT);
        } catch (InvalidFlagSetException e) {
            throw new FlagStoreException(describe() + ": spec.flagSpec is not a valid flagd flag set, so it was not "
                    + "changed; fix it first. " + e.getMessage(), e);
        }
    }

    @Override
    public String write(StoredFlagSet read, FlagSet flags, String auditJson) {
        checkCrdRules(flags);
        Map<String, Object> flagSpec = flagSpec(flags);
        if (read.presence() == StoredFlagSet.Presence.NO_OBJECT) {
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put(FLAG_SPEC, flagSpec);
            GenericKubernetesResource created = new GenericKubernetesResourceBuilder()
                    .withApiVersion("core.openfeature.dev/v1beta1").withKind("FeatureFlag").withNewMetadata()
                    .withNamespace(namespace).withName(name).addToAnnotations(AUDIT_ANNOTATION, auditJson)
                    .endMetadata().withAdditionalProperties(Map.of(SPEC, spec)).build();
            try {
                return resources().resource(created).create().getMetadata().getResourceVersion();
            } catch (KubernetesClientException e) {
                throw StoreArguments.translate(describe(), "creating", e);
            }
        }
        GenericKubernetesResource current = get("writing");
        if (current == null || !read.resourceVersion().equals(current.getMetadata().getResourceVersion())) {
            throw new FlagStoreConflictException(describe() + " changed since it was read; nothing was written", null);
        }
        Map<String, Object> spec = new LinkedHashMap<>(spec(current));
        spec.put(FLAG_SPEC, flagSpec);
        Map<String, String> annotations = new LinkedHashMap<>(annotations(current));
        annotations.put(AUDIT_ANNOTATION, auditJson);
        current.getMetadata().setAnnotations(annotations);
        current.setAdditionalProperty(SPEC, spec);
        // The resourceVersion read stays in the object: the PUT is refused with 409 if anyone wrote in between.
        try {
            return resources().resource(current).update().getMetadata().getResourceVersion();
        } catch (KubernetesClientException e) {
            throw StoreArguments.translate(describe(), "updating", e);
        }
    }

    /** The CRD has no place for what flagd files allow beyond its schema; refuse instead of losing it. */
    private void checkCrdRules(FlagSet flags) {
        List<String> problems = new ArrayList<>();
        for (FlagDefinition flag : flags.flags().values()) {
            if (flag.defaultVariant() == null) {
                problems.add("flag '" + flag.key() + "' has no defaultVariant, which the FeatureFlag CRD requires");
            }
            if (!flag.otherKeys().isEmpty()) {
                problems.add("flag '" + flag.key() + "' has keys " + flag.otherKeys().keySet()
                        + " the FeatureFlag CRD does not define; the API server would drop them");
            }
        }
        if (!problems.isEmpty()) {
            throw new FlagStoreException(describe() + ": nothing was written: " + String.join("; ", problems));
        }
    }

    /** The set as the CRD's {@code flagSpec}: {@code $schema} is not one of its fields. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> flagSpec(FlagSet flags) {
        Map<String, Object> flagSpec = client.getKubernetesSerialization().unmarshal(flags.toJson(), Map.class);
        Map<String, Object> copy = new LinkedHashMap<>(flagSpec);
        copy.remove("$schema");
        return copy;
    }

    private static FlagSet emptySet() {
        return FlagSet.parse("{\"flags\": {}}");
    }

    private GenericKubernetesResource get(String action) {
        try {
            return resources().withName(name).get();
        } catch (KubernetesClientException e) {
            throw StoreArguments.translate(describe(), action, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource flag) {
        Object spec = flag.getAdditionalProperties().get(SPEC);
        return spec instanceof Map ? (Map<String, Object>) spec : Map.of();
    }

    private static Map<String, String> annotations(GenericKubernetesResource flag) {
        Map<String, String> annotations = flag.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> resources() {
        return client.genericKubernetesResources(FEATURE_FLAG).inNamespace(namespace);
    }
}
