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
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * API discovery documents for the resource types the sandbox knows. The CRUD mock answers {@code /api} and
 * {@code /apis} with lists that kubectl cannot read, so these are served as fixed expectations instead (toolchain
 * notes, section 2). kubectl appends {@code ?timeout=32s}, and expectations match the query string exactly, so each
 * path is registered twice.
 */
final class Discovery {

    private record Kind(String plural, String kind, boolean namespaced, List<String> subresources,
            List<String> shortNames) {
        Kind(String plural, String kind, boolean namespaced, List<String> subresources) {
            this(plural, kind, namespaced, subresources, List.of());
        }
    }

    private static final Map<String, List<Kind>> GROUP_VERSIONS = Map.of(
            "v1", List.of(
                    new Kind("namespaces", "Namespace", false, List.of(), List.of("ns")),
                    new Kind("pods", "Pod", true, List.of("status", "log"), List.of("po")),
                    new Kind("services", "Service", true, List.of("status", "proxy"), List.of("svc")),
                    new Kind("endpoints", "Endpoints", true, List.of(), List.of("ep")),
                    new Kind("configmaps", "ConfigMap", true, List.of(), List.of("cm")),
                    new Kind("secrets", "Secret", true, List.of()),
                    new Kind("events", "Event", true, List.of(), List.of("ev"))),
            "apps/v1", List.of(
                    new Kind("deployments", "Deployment", true, List.of("status", "scale"), List.of("deploy")),
                    new Kind("replicasets", "ReplicaSet", true, List.of("status", "scale"), List.of("rs")),
                    new Kind("statefulsets", "StatefulSet", true, List.of("status", "scale"), List.of("sts")),
                    new Kind("controllerrevisions", "ControllerRevision", true, List.of())),
            "batch/v1", List.of(
                    new Kind("jobs", "Job", true, List.of("status"))),
            "networking.k8s.io/v1", List.of(
                    new Kind("ingresses", "Ingress", true, List.of("status"), List.of("ing"))),
            "gateway.networking.k8s.io/v1", List.of(
                    new Kind("httproutes", "HTTPRoute", true, List.of("status")),
                    new Kind("gateways", "Gateway", true, List.of("status"))),
            "networking.istio.io/v1beta1", List.of(
                    new Kind("virtualservices", "VirtualService", true, List.of(), List.of("vs")),
                    new Kind("destinationrules", "DestinationRule", true, List.of(), List.of("dr"))));

    private Discovery() {
    }

    static void register(KubernetesMockServer server) {
        serve(server, "/api", new APIVersionsBuilder().withVersions("v1").build());
        List<APIGroup> groups = new ArrayList<>();
        GROUP_VERSIONS.forEach((groupVersion, kinds) -> {
            if (groupVersion.contains("/")) {
                String group = groupVersion.substring(0, groupVersion.indexOf('/'));
                String version = groupVersion.substring(group.length() + 1);
                groups.add(new APIGroupBuilder().withName(group)
                        .addNewVersion().withGroupVersion(groupVersion).withVersion(version).endVersion()
                        .withNewPreferredVersion().withGroupVersion(groupVersion).withVersion(version).endPreferredVersion()
                        .build());
                serve(server, "/apis/" + groupVersion, resourceList(groupVersion, kinds));
            } else {
                serve(server, "/api/" + groupVersion, resourceList(groupVersion, kinds));
            }
        });
        serve(server, "/apis", new APIGroupListBuilder().withGroups(groups).build());
    }

    private static Object resourceList(String groupVersion, List<Kind> kinds) {
        List<APIResource> resources = new ArrayList<>();
        for (Kind kind : kinds) {
            resources.add(new APIResourceBuilder().withName(kind.plural()).withKind(kind.kind())
                    .withNamespaced(kind.namespaced()).withSingularName(kind.kind().toLowerCase(Locale.ROOT))
                    .withShortNames(kind.shortNames())
                    .withVerbs("create", "delete", "get", "list", "patch", "update", "watch").build());
            for (String sub : kind.subresources()) {
                resources.add(new APIResourceBuilder().withName(kind.plural() + "/" + sub).withKind(kind.kind())
                        .withNamespaced(kind.namespaced()).withSingularName("")
                        .withVerbs("get", "patch", "update").build());
            }
        }
        return new APIResourceListBuilder().withGroupVersion(groupVersion).withResources(resources).build();
    }

    private static void serve(KubernetesMockServer server, String path, Object body) {
        String json = Serialization.asJson(body);
        server.expect().get().withPath(path).andReturn(200, json).always();
        server.expect().get().withPath(path + "?timeout=32s").andReturn(200, json).always();
    }
}
