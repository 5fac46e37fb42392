package io.jenkins.plugins.progressive.engine.flags.store;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/** The two stores, as tests create them and look at what is really stored (not through the store under test). */
public enum StoreKind {
    CONFIG_MAP {
        @Override
        public FlagStore store(KubernetesClient client, String namespace, String name) {
            return new ConfigMapFlagStore(client, namespace, name, KEY);
        }

        @Override
        public String storedJson(KubernetesClient client, String namespace, String name) {
            ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
            return map == null || map.getData() == null ? null : map.getData().get(KEY);
        }

        @Override
        public Map<String, String> annotations(KubernetesClient client, String namespace, String name) {
            return client.configMaps().inNamespace(namespace).withName(name).get().getMetadata().getAnnotations();
        }

        @Override
        public String resourceVersion(KubernetesClient client, String namespace, String name) {
            ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
            return map == null ? null : map.getMetadata().getResourceVersion();
        }

        @Override
        public void seed(KubernetesClient client, String namespace, String name, String json) {
            client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                    .withName(name).addToLabels("app", "shop").endMetadata()
                    .addToData(KEY, json).addToData("other.yaml", "keep: me").build()).create();
        }
    },
    FEATURE_FLAG {
        @Override
        public FlagStore store(KubernetesClient client, String namespace, String name) {
            return new FeatureFlagStore(client, namespace, name);
        }

        @Override
        public String storedJson(KubernetesClient client, String namespace, String name) {
            GenericKubernetesResource flag = get(client, namespace, name);
            if (flag == null || !(flag.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec)) {
                return null;
            }
            Object flagSpec = spec.get("flagSpec");
            return flagSpec == null ? null : client.getKubernetesSerialization().asJson(flagSpec);
        }

        @Override
        public Map<String, String> annotations(KubernetesClient client, String namespace, String name) {
            return get(client, namespace, name).getMetadata().getAnnotations();
        }

        @Override
        public String resourceVersion(KubernetesClient client, String namespace, String name) {
            GenericKubernetesResource flag = get(client, namespace, name);
            return flag == null ? null : flag.getMetadata().getResourceVersion();
        }

        @Override
        public void seed(KubernetesClient client, String namespace, String name, String json) {
            Object flagSpec = client.getKubernetesSerialization().unmarshal(json, Map.class);
            client.genericKubernetesResources(FeatureFlagStore.FEATURE_FLAG).inNamespace(namespace)
                    .resource(new GenericKubernetesResourceBuilder().withApiVersion("core.openfeature.dev/v1beta1")
                            .withKind("FeatureFlag").withNewMetadata().withName(name).addToLabels("app", "shop")
                            .endMetadata().withAdditionalProperties(Map.of("spec", Map.of("flagSpec", flagSpec,
                                    "other", "keep me"))).build()).create();
        }

        private GenericKubernetesResource get(KubernetesClient client, String namespace, String name) {
            return client.genericKubernetesResources(FeatureFlagStore.FEATURE_FLAG).inNamespace(namespace)
                    .withName(name).get();
        }
    };

    public static final String KEY = "flags.flagd.json";

    public abstract FlagStore store(KubernetesClient client, String namespace, String name);

    /** The flag set JSON as stored, or null when there is none. */
    public abstract String storedJson(KubernetesClient client, String namespace, String name);

    public abstract Map<String, String> annotations(KubernetesClient client, String namespace, String name);

    public abstract String resourceVersion(KubernetesClient client, String namespace, String name);

    /** Creates the object with the set, a label, and a key of another tool that every write must keep. */
    public abstract void seed(KubernetesClient client, String namespace, String name, String json);
}
