package io.jenkins.plugins.progressive.engine.traffic;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpecBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The canary Ingress the NGINX router owns: the primary Ingress's rules, cut down to the paths that go to the stable
 * Service and pointed at the canary Service, with the ingress-nginx canary annotations. It is rebuilt from the
 * primary on every write, so a host or path the user changes is followed.
 */
final class NginxCanaryIngress {

    static final String NGINX = "nginx.ingress.kubernetes.io/";
    static final String CANARY = NGINX + "canary";
    static final String WEIGHT = NGINX + "canary-weight";
    static final String BY_HEADER = NGINX + "canary-by-header";
    static final String BY_HEADER_VALUE = NGINX + "canary-by-header-value";
    static final String BY_HEADER_PATTERN = NGINX + "canary-by-header-pattern";
    static final String BY_COOKIE = NGINX + "canary-by-cookie";
    /** The annotation form of the ingress class, which a controller may still select by. */
    static final String INGRESS_CLASS = "kubernetes.io/ingress.class";

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String US = "progressive-delivery";
    /** Which header route (by name) the canary-by-header annotations carry; NGINX has room for one. */
    static final String HEADER_ROUTE = "progressive-delivery.jenkins.io/header-route";
    /** Which cookie route (by name) canary-by-cookie carries; NGINX has room for one. */
    static final String COOKIE_ROUTE = "progressive-delivery.jenkins.io/cookie-route";

    private NginxCanaryIngress() {
    }

    static Ingress desired(Ingress primary, String name, String stableService, String canaryService,
                           Map<String, String> annotations) {
        Map<String, String> all = new TreeMap<>(annotations);
        all.put(CANARY, "true");
        String ingressClass = annotations(primary).get(INGRESS_CLASS);
        if (ingressClass != null) {
            all.put(INGRESS_CLASS, ingressClass);
        }
        IngressBuilder canary = new IngressBuilder().withNewMetadata().withName(name)
                .withNamespace(primary.getMetadata().getNamespace()).addToLabels(MANAGED_BY, US).withAnnotations(all)
                .endMetadata();
        if (primary.getMetadata().getUid() != null) {
            // Deleting the primary takes the canary with it.
            canary.editMetadata().addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("networking.k8s.io/v1")
                    .withKind("Ingress").withName(primary.getMetadata().getName()).withUid(primary.getMetadata().getUid())
                    .build()).endMetadata();
        }
        return canary.withSpec(new IngressSpecBuilder().withIngressClassName(primary.getSpec().getIngressClassName())
                .withRules(canaryRules(primary, stableService, canaryService)).build()).build();
    }

    /** The primary's rules with only their paths to the stable Service, now going to the canary Service. */
    static List<IngressRule> canaryRules(Ingress primary, String stableService, String canaryService) {
        List<IngressRule> rules = new ArrayList<>();
        for (IngressRule rule : rules(primary)) {
            List<HTTPIngressPath> paths = paths(rule).stream().filter(p -> stableService.equals(serviceOf(p)))
                    .map(p -> new HTTPIngressPathBuilder(p).editBackend().editService().withName(canaryService)
                            .endService().endBackend().build())
                    .toList();
            if (!paths.isEmpty()) {
                rules.add(new IngressRuleBuilder().withHost(rule.getHost()).withNewHttp().withPaths(paths).endHttp()
                        .build());
            }
        }
        return rules;
    }

    static boolean isCanary(Ingress ingress) {
        return "true".equals(annotations(ingress).get(CANARY));
    }

    static boolean isOurs(Ingress ingress) {
        Map<String, String> labels = ingress.getMetadata().getLabels();
        return labels != null && US.equals(labels.get(MANAGED_BY));
    }

    /** Hosts with a rule (null for the catch-all rule without host). */
    static List<String> hosts(Ingress ingress) {
        return rules(ingress).stream().map(IngressRule::getHost).distinct().toList();
    }

    static Map<String, String> annotations(Ingress ingress) {
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    static boolean sameHosts(Ingress a, List<String> hosts) {
        return hosts(a).stream().anyMatch(h -> hosts.stream().anyMatch(o -> Objects.equals(h, o)));
    }

    private static String serviceOf(HTTPIngressPath path) {
        return path.getBackend() == null || path.getBackend().getService() == null ? null
                : path.getBackend().getService().getName();
    }

    private static List<IngressRule> rules(Ingress ingress) {
        return ingress.getSpec() == null || ingress.getSpec().getRules() == null ? List.of() : ingress.getSpec().getRules();
    }

    private static List<HTTPIngressPath> paths(IngressRule rule) {
        return rule.getHttp() == null || rule.getHttp().getPaths() == null ? List.of() : rule.getHttp().getPaths();
    }
}
