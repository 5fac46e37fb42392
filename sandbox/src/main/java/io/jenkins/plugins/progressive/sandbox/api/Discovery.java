package io.jenkins.plugins.progressive.sandbox.api;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * API discovery documents ({@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/GROUP/VERSION}) for every kind
 * the sandbox serves, built-in or custom, as a real API server with those CRDs installed answers them. Clients depend
 * on them: fabric8's {@code genericKubernetesResources(apiVersion, kind)} resolves a kind it has no class for (a
 * FeatureFlag, a VirtualService) from the group version's resource list, and kubectl resolves every name, short name
 * and category from them. The CRUD mock stores any path but answers {@code /api} and {@code /apis} with lists
 * clients cannot read, so these are fixed expectations (toolchain notes, section 2). kubectl appends
 * {@code ?timeout=32s}, and expectations match the query string exactly, so each path is registered twice.
 */
final class Discovery {

    private static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    private static final List<String> READ_WRITE_SUBRESOURCE = List.of("get", "patch", "update");

    /** A top-level resource; short names and categories as the real API server or the project's CRD declares them. */
    private record Kind(String plural, String kind, boolean namespaced, List<String> subresources,
            List<String> shortNames, List<String> categories) {
    }

    private static Kind kind(String plural, String kind, String... subresources) {
        return new Kind(plural, kind, true, List.of(subresources), List.of(), List.of());
    }

    private static Kind kind(String plural, String kind, List<String> shortNames, List<String> categories,
            String... subresources) {
        return new Kind(plural, kind, true, List.of(subresources), shortNames, categories);
    }

    private static final List<String> ALL = List.of("all");
    private static final List<String> ISTIO = List.of("istio-io", "networking-istio-io");
    private static final List<String> GATEWAY_API = List.of("gateway-api");

    /** Group version to kinds, in the order a real server lists them: the core group first, then the others. */
    private static final Map<String, List<Kind>> GROUP_VERSIONS = new LinkedHashMap<>();

    static {
        GROUP_VERSIONS.put("v1", List.of(
                new Kind("namespaces", "Namespace", false, List.of("status"), List.of("ns"), List.of()),
                kind("pods", "Pod", List.of("po"), ALL, "status", "log", "eviction"),
                kind("services", "Service", List.of("svc"), ALL, "status", "proxy"),
                kind("endpoints", "Endpoints", List.of("ep"), List.of()),
                kind("configmaps", "ConfigMap", List.of("cm"), List.of()),
                kind("secrets", "Secret"),
                kind("events", "Event", List.of("ev"), List.of())));
        GROUP_VERSIONS.put("apps/v1", List.of(
                kind("deployments", "Deployment", List.of("deploy"), ALL, "status", "scale"),
                kind("replicasets", "ReplicaSet", List.of("rs"), ALL, "status", "scale"),
                kind("statefulsets", "StatefulSet", List.of("sts"), ALL, "status", "scale"),
                kind("controllerrevisions", "ControllerRevision")));
        GROUP_VERSIONS.put("batch/v1", List.of(kind("jobs", "Job", List.of(), ALL, "status")));
        GROUP_VERSIONS.put("coordination.k8s.io/v1", List.of(kind("leases", "Lease")));
        GROUP_VERSIONS.put("policy/v1", List.of(
                kind("poddisruptionbudgets", "PodDisruptionBudget", List.of("pdb"), List.of(), "status")));
        GROUP_VERSIONS.put("networking.k8s.io/v1", List.of(
                kind("ingresses", "Ingress", List.of("ing"), List.of(), "status")));
        GROUP_VERSIONS.put("gateway.networking.k8s.io/v1", List.of(
                kind("gateways", "Gateway", List.of("gtw"), GATEWAY_API, "status"),
                kind("httproutes", "HTTPRoute", List.of(), GATEWAY_API, "status")));
        GROUP_VERSIONS.put("networking.istio.io/v1beta1", List.of(
                kind("destinationrules", "DestinationRule", List.of("dr"), ISTIO, "status"),
                kind("virtualservices", "VirtualService", List.of("vs"), ISTIO, "status")));
        // The OpenFeature operator's CRD (config/crd/bases/core.openfeature.dev_featureflags.yaml): short name ff.
        GROUP_VERSIONS.put("core.openfeature.dev/v1beta1", List.of(
                kind("featureflags", "FeatureFlag", List.of("ff"), List.of(), "status")));
    }

    private Discovery() {
    }

    static void register(KubernetesMockServer server) {
        serve(server, "/api", new APIVersionsBuilder().withVersions("v1").build());
        List<APIGroup> groups = new ArrayList<>();
        GROUP_VERSIONS.forEach((groupVersion, kinds) -> {
            int slash = groupVersion.indexOf('/');
            if (slash < 0) {
                serve(server, "/api/" + groupVersion, resourceList(groupVersion, kinds));
                return;
            }
            String group = groupVersion.substring(0, slash);
            String version = groupVersion.substring(slash + 1);
            groups.add(new APIGroupBuilder().withName(group)
                    .addNewVersion().withGroupVersion(groupVersion).withVersion(version).endVersion()
                    .withNewPreferredVersion().withGroupVersion(groupVersion).withVersion(version).endPreferredVersion()
                    .build());
            serve(server, "/apis/" + groupVersion, resourceList(groupVersion, kinds));
        });
        serve(server, "/apis", new APIGroupListBuilder().withGroups(groups).build());
    }

    private static Object resourceList(String groupVersion, List<Kind> kinds) {
        List<APIResource> resources = new ArrayList<>();
        for (Kind kind : kinds) {
            List<String> verbs = kind.namespaced() ? ALL_VERBS
                    : ALL_VERBS.stream().filter(v -> !v.equals("deletecollection")).toList();
            resources.add(new APIResourceBuilder().withName(kind.plural()).withKind(kind.kind())
                    .withNamespaced(kind.namespaced()).withSingularName(kind.kind().toLowerCase(Locale.ROOT))
                    .withShortNames(kind.shortNames()).withCategories(kind.categories())
                    .withVerbs(verbs).build());
            for (String sub : kind.subresources()) {
                resources.add(new APIResourceBuilder().withName(kind.plural() + "/" + sub)
                        .withKind(sub.equals("scale") ? "Scale" : sub.equals("eviction") ? "Eviction" : kind.kind())
                        .withNamespaced(kind.namespaced()).withSingularName("")
                        .withVerbs(subresourceVerbs(sub)).build());
            }
        }
        return new APIResourceListBuilder().withGroupVersion(groupVersion).withResources(resources).build();
    }

    /** The verbs a real API server lists for these subresources. */
    private static List<String> subresourceVerbs(String sub) {
        return switch (sub) {
            case "log" -> List.of("get");
            case "eviction" -> List.of("create");
            case "proxy" -> List.of("create", "delete", "get", "patch", "update");
            default -> READ_WRITE_SUBRESOURCE;
        };
    }

    private static void serve(KubernetesMockServer server, String path, Object body) {
        String json = Serialization.asJson(body);
        server.expect().get().withPath(path).andReturn(200, json).always();
        server.expect().get().withPath(path + "?timeout=32s").andReturn(200, json).always();
    }
}
