package io.jenkins.plugins.progressive.engine.flags.store;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import io.jenkins.plugins.progressive.engine.flags.InvalidFlagSetException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A flag set in one key of a ConfigMap, which flagd reads through a mounted file ({@code file:} sync). Other keys,
 * labels and annotations of the ConfigMap are left as they are. Mounted ConfigMaps reach pods only after the kubelet's
 * sync (about a minute); the {@link FeatureFlagStore} path is near-immediate.
 */
public final class ConfigMapFlagStore implements FlagStore {

    /** The API server refuses ConfigMaps over 1 MiB; checked before writing so the message says why. */
    static final int MAX_CONFIG_MAP_BYTES = 1024 * 1024;

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final String key;

    /**
     * @param namespace the ConfigMap's namespace
     * @param name the ConfigMap
     * @param key the data key holding the flag set, e.g. {@code flags.flagd.json} (the file name flagd reads)
     */
    public ConfigMapFlagStore(KubernetesClient client, String namespace, String name, String key) {
        this.client = StoreArguments.required(client, "client");
        this.namespace = StoreArguments.namespace(namespace);
        this.name = StoreArguments.objectName(name, "configMap");
        this.key = StoreArguments.configMapKey(key);
    }

    @Override
    public String describe() {
        return "ConfigMap " + namespace + "/" + name + ", key " + key;
    }

    @Override
    public StoredFlagSet read() {
        ConfigMap map = get("reading");
        if (map == null) {
            return new StoredFlagSet(FlagSet.empty(), null, null, StoredFlagSet.Presence.NO_OBJECT);
        }
        String audit = annotations(map).get(AUDIT_ANNOTATION);
        String version = map.getMetadata().getResourceVersion();
        if (map.getBinaryData() != null && map.getBinaryData().containsKey(key)) {
            throw new FlagStoreException(describe() + " is binaryData; flagd reads a text key, so nothing was written");
        }
        String text = map.getData() == null ? null : map.getData().get(key);
        if (text == null) {
            return new StoredFlagSet(FlagSet.empty(), version, audit, StoredFlagSet.Presence.NO_KEY);
        }
        try {
            return new StoredFlagSet(FlagSet.parse(text), version, audit, StoredFlagSet.Presence.PRESENT);
        } catch (InvalidFlagSetException e) {
            throw new FlagStoreException(describe() + " does not hold a valid flagd flag set, so it was not "
                    + "changed; fix or remove the key first. " + e.getMessage(), e);
        }
    }

    @Override
    public String write(StoredFlagSet read, FlagSet flags, String auditJson) {
        String json = flags.toJson();
        if (read.presence() == StoredFlagSet.Presence.NO_OBJECT) {
            ConfigMap created = new ConfigMapBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                    .addToAnnotations(AUDIT_ANNOTATION, auditJson).endMetadata().addToData(key, json).build();
            checkSize(created);
            try {
                return resource().resource(created).create().getMetadata().getResourceVersion();
            } catch (KubernetesClientException e) {
                throw StoreArguments.translate(describe(), "creating", e);
            }
        }
        ConfigMap current = get("writing");
        if (current == null || !read.resourceVersion().equals(current.getMetadata().getResourceVersion())) {
            throw new FlagStoreConflictException(describe() + " changed since it was read; nothing was written", null);
        }
        Map<String, String> data = new LinkedHashMap<>(current.getData() == null ? Map.of() : current.getData());
        data.put(key, json);
        Map<String, String> annotations = new LinkedHashMap<>(annotations(current));
        annotations.put(AUDIT_ANNOTATION, auditJson);
        // The resourceVersion read stays in the object: the PUT is refused with 409 if anyone wrote in between.
        ConfigMap updated = new ConfigMapBuilder(current).editMetadata().withAnnotations(annotations).endMetadata()
                .withData(data).build();
        checkSize(updated);
        try {
            return resource().resource(updated).update().getMetadata().getResourceVersion();
        } catch (KubernetesClientException e) {
            throw StoreArguments.translate(describe(), "updating", e);
        }
    }

    private ConfigMap get(String action) {
        try {
            return resource().withName(name).get();
        } catch (KubernetesClientException e) {
            throw StoreArguments.translate(describe(), action, e);
        }
    }

    private void checkSize(ConfigMap map) {
        long bytes = 0;
        for (String value : map.getData().values()) {
            bytes += value.getBytes(StandardCharsets.UTF_8).length;
        }
        if (bytes > MAX_CONFIG_MAP_BYTES) {
            throw new FlagStoreException(describe() + ": the data would be " + bytes + " bytes, more than the "
                    + MAX_CONFIG_MAP_BYTES + " a ConfigMap may hold; nothing was written");
        }
    }

    private static Map<String, String> annotations(ConfigMap map) {
        Map<String, String> annotations = map.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    private NonNamespaceOperation<ConfigMap, ConfigMapList, Resource<ConfigMap>> resource() {
        return client.configMaps().inNamespace(namespace);
    }
}
