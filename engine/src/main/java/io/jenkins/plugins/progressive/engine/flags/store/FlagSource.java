package io.jenkins.plugins.progressive.engine.flags.store;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Where a flag set lives, as plain coordinates a plan can hold without a client: a ConfigMap key or a
 * {@code FeatureFlag}. {@link #open} makes the store on a cluster's client when it is needed.
 *
 * @param namespace the object's namespace
 * @param configMap the ConfigMap's name, or null for a FeatureFlag
 * @param key the ConfigMap key holding the set ({@link #DEFAULT_KEY} when null); null for a FeatureFlag
 * @param featureFlag the FeatureFlag's name, or null for a ConfigMap
 */
public record FlagSource(String namespace, String configMap, String key, String featureFlag) {

    /** The file name flagd's file sync reads, the usual ConfigMap key. */
    public static final String DEFAULT_KEY = "flags.flagd.json";

    public FlagSource {
        StoreArguments.namespace(namespace);
        if ((configMap == null) == (featureFlag == null)) {
            throw new IllegalArgumentException("name the flag set's store: configMap (with key, default " + DEFAULT_KEY
                    + ") or featureFlag, one of them");
        }
        if (configMap != null) {
            StoreArguments.objectName(configMap, "configMap");
            key = StoreArguments.configMapKey(key == null ? DEFAULT_KEY : key);
        } else {
            if (key != null) {
                throw new IllegalArgumentException("key: only a ConfigMap store has a key");
            }
            StoreArguments.objectName(featureFlag, "featureFlag");
        }
    }

    public static FlagSource configMap(String namespace, String name, String key) {
        return new FlagSource(namespace, name, key, null);
    }

    public static FlagSource featureFlag(String namespace, String name) {
        return new FlagSource(namespace, null, null, name);
    }

    /** The store on a cluster; its reads and writes block, so call them off the client's HTTP threads. */
    public FlagStore open(KubernetesClient client) {
        return configMap != null ? new ConfigMapFlagStore(client, namespace, configMap, key)
                : new FeatureFlagStore(client, namespace, featureFlag);
    }

    /** As the store describes itself, e.g. {@code FeatureFlag shop/shop-flags}. */
    public String describe() {
        return configMap != null ? "ConfigMap " + namespace + "/" + configMap + ", key " + key
                : "FeatureFlag " + namespace + "/" + featureFlag;
    }
}
