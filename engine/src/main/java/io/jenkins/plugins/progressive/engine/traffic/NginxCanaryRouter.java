package io.jenkins.plugins.progressive.engine.traffic;

import static io.jenkins.plugins.progressive.engine.traffic.NginxCanaryIngress.BY_COOKIE;
import static io.jenkins.plugins.progressive.engine.traffic.NginxCanaryIngress.BY_HEADER;
import static io.jenkins.plugins.progressive.engine.traffic.NginxCanaryIngress.BY_HEADER_PATTERN;
import static io.jenkins.plugins.progressive.engine.traffic.NginxCanaryIngress.BY_HEADER_VALUE;
import static io.jenkins.plugins.progressive.engine.traffic.NginxCanaryIngress.COOKIE_ROUTE;
import static io.jenkins.plugins.progressive.engine.traffic.NginxCanaryIngress.HEADER_ROUTE;
import static io.jenkins.plugins.progressive.engine.traffic.NginxCanaryIngress.WEIGHT;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Splits traffic with an ingress-nginx canary Ingress, {@code <primary>-canary}, which this router creates beside the
 * user's primary Ingress, owns (label {@code app.kubernetes.io/managed-by: progressive-delivery}) and deletes on
 * {@link #reset()}; the primary is only read. ingress-nginx gives a canary Ingress one {@code canary-by-header} and
 * one {@code canary-by-cookie}, and sends a cookie route's requests to the canary only for the value "always".
 */
public final class NginxCanaryRouter extends ClusterRouter {

    private final String primaryIngress;
    private final String canaryIngress;
    private final BackendPair services;

    /**
     * @param primaryIngress the user's Ingress for the host, routing (some of) its paths to {@code stableService}
     * @param stableService the Service of the stable pods
     * @param canaryService the Service of the canary pods, the canary Ingress's backend
     */
    public NginxCanaryRouter(KubernetesClient client, String namespace, String primaryIngress, String stableService,
                             String canaryService) {
        super(client, namespace, true);
        this.primaryIngress = RouterArguments.objectName(primaryIngress, "primaryIngress");
        this.canaryIngress = RouterArguments.objectName(primaryIngress + "-canary", "primaryIngress + \"-canary\"");
        this.services = new BackendPair(this.namespace, stableService, canaryService);
    }

    @Override
    public String describe() {
        return "NGINX canary Ingress " + namespace + "/" + canaryIngress + " beside " + primaryIngress;
    }

    @Override
    public void verify() {
        inspect();
    }

    @Override
    public void setWeight(int canaryPercent) {
        RouterArguments.percent(canaryPercent);
        write(annotations -> annotations.put(WEIGHT, String.valueOf(canaryPercent)));
    }

    @Override
    public void setHeaderRoute(HeaderRoute route) {
        HeaderPatterns.requireValid(route);
        if (route.cookie() && !"always".equals(route.value())) {
            throw new TrafficRouterException("route " + route.name() + ": ingress-nginx sends a request to the canary "
                    + "by cookie only when the cookie's value is \"always\" (\"never\" keeps it on stable), not for '"
                    + route.value() + "'. Give the cohort " + route.key() + "=always, or use the Istio or Gateway API "
                    + "router, which match any value.");
        }
        write(annotations -> {
            String taken = annotations.get(route.cookie() ? COOKIE_ROUTE : HEADER_ROUTE);
            if (taken != null && !taken.equals(route.name())) {
                String kind = route.cookie() ? "cookie" : "header";
                throw new TrafficRouterException("route " + route.name() + ": an NGINX canary Ingress has room for one "
                        + kind + " route and " + describe() + " already carries route " + taken + " ("
                        + annotations.get(route.cookie() ? BY_COOKIE : BY_HEADER) + "). Combine the cohorts into one "
                        + kind + ", or use the Istio or Gateway API router for several routes.");
            }
            if (route.cookie()) {
                annotations.put(BY_COOKIE, route.key());
                annotations.put(COOKIE_ROUTE, route.name());
                return;
            }
            annotations.put(BY_HEADER, route.key());
            annotations.put(HEADER_ROUTE, route.name());
            annotations.remove(BY_HEADER_VALUE);
            annotations.remove(BY_HEADER_PATTERN);
            switch (route.match()) {
                case EXACT -> annotations.put(BY_HEADER_VALUE, route.value());
                case PREFIX -> annotations.put(BY_HEADER_PATTERN, HeaderPatterns.prefix(route.value()));
                case REGEX -> annotations.put(BY_HEADER_PATTERN, HeaderPatterns.whole(route.value()));
            }
        });
    }

    /**
     * Deletes the canary Ingress; the primary is not needed for that and is not read. One already being deleted
     * (a finalizer holds it) is left to go: deleting it again would change nothing.
     */
    @Override
    public void reset() {
        Ingress canary = canary();
        if (canary != null && canary.getMetadata().getDeletionTimestamp() == null) {
            ingresses().withName(canaryIngress).delete();
        }
    }

    /** Only the canary Ingress is read: without it (or with weight 0) the primary takes all the traffic by weight. */
    @Override
    public boolean holds(int canaryPercent) {
        RouterArguments.percent(canaryPercent);
        OptionalInt weight = observedWeight();
        return weight.isPresent() && weight.getAsInt() == canaryPercent;
    }

    /**
     * The canary Ingress's weight annotation; 0 without a canary Ingress, and without the annotation, as ingress-nginx
     * reads it; empty when the annotation is not a percentage.
     */
    @Override
    public OptionalInt observedWeight() {
        Ingress canary = canary();
        String weight = canary == null ? null : NginxCanaryIngress.annotations(canary).get(WEIGHT);
        if (weight == null) {
            return OptionalInt.of(0);
        }
        try {
            int percent = Integer.parseInt(weight.trim());
            return percent >= 0 && percent <= 100 ? OptionalInt.of(percent) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The canary Ingress, or null when there is none; one this router does not own is refused. */
    private Ingress canary() {
        Ingress canary = ingresses().withName(canaryIngress).get();
        if (canary != null) {
            requireOurs(canary);
        }
        return canary;
    }

    private record State(Ingress primary, Ingress canary) {
    }

    private State inspect() {
        Ingress primary = ingresses().withName(primaryIngress).get();
        if (primary == null) {
            throw new TrafficRouterException("Ingress " + namespace + "/" + primaryIngress + " not found. The NGINX "
                    + "router adds a canary Ingress beside the Ingress you own for the host: create it with its "
                    + "path(s) going to Service " + services.stable() + ".");
        }
        if (NginxCanaryIngress.isCanary(primary)) {
            throw new TrafficRouterException("Ingress " + namespace + "/" + primaryIngress + " is itself a canary "
                    + "Ingress (" + NginxCanaryIngress.CANARY + ": \"true\"); name the primary Ingress instead.");
        }
        if (NginxCanaryIngress.canaryRules(primary, services.stable(), services.canary()).isEmpty()) {
            throw new TrafficRouterException("Ingress " + namespace + "/" + primaryIngress + " sends no path to Service "
                    + services.stable() + ", so a canary Ingress beside it would take no traffic from it. Point the "
                    + "backend of the path(s) serving the application at " + services.stable() + ".");
        }
        Ingress canary = canary();
        List<String> hosts = NginxCanaryIngress.hosts(primary);
        for (Ingress other : ingresses().list().getItems()) {
            if (!other.getMetadata().getName().equals(canaryIngress) && NginxCanaryIngress.isCanary(other)
                    && NginxCanaryIngress.sameHosts(other, hosts)) {
                throw new TrafficRouterException("Ingress " + namespace + "/" + other.getMetadata().getName()
                        + " already is a canary Ingress for host(s) " + hosts + "; ingress-nginx uses one canary per "
                        + "host and path, so " + describe() + " would not take effect. Remove it first.");
            }
        }
        return new State(primary, canary);
    }

    /** Reads, checks, applies {@code change} to the canary's annotations and writes the canary Ingress if it differs. */
    private void write(Consumer<Map<String, String>> change) {
        GuardedPatch.retryingConflicts(describe(), () -> {
            State state = inspect();
            Map<String, String> annotations = new TreeMap<>(state.canary() == null ? Map.of(WEIGHT, "0")
                    : NginxCanaryIngress.annotations(state.canary()));
            change.accept(annotations);
            Ingress desired = NginxCanaryIngress.desired(state.primary(), canaryIngress, services.stable(),
                    services.canary(), annotations);
            if (state.canary() == null) {
                return ingresses().resource(desired).create();
            }
            if (same(state.canary(), desired)) {
                return state.canary();
            }
            // A full update of our own object, guarded by the version read (409 if it changed meanwhile): unlike a
            // merge patch, it also removes annotations a previous route set.
            return ingresses().resource(new IngressBuilder(state.canary()).editMetadata()
                    .withAnnotations(desired.getMetadata().getAnnotations())
                    .withLabels(desired.getMetadata().getLabels()).endMetadata()
                    .withSpec(desired.getSpec()).build()).update();
        });
    }

    private void requireOurs(Ingress canary) {
        if (!NginxCanaryIngress.isOurs(canary)) {
            throw new TrafficRouterException("Ingress " + namespace + "/" + canaryIngress + " exists but is not labelled "
                    + NginxCanaryIngress.MANAGED_BY + "=" + NginxCanaryIngress.US + ", so the router leaves it alone; "
                    + "delete or rename it if it is a left-over.");
        }
    }

    /** Compared as plain maps: a spec built with a builder and one read from JSON differ in null vs empty lists. */
    private boolean same(Ingress current, Ingress desired) {
        return NginxCanaryIngress.annotations(current).equals(desired.getMetadata().getAnnotations())
                && client.getKubernetesSerialization().convertValue(current.getSpec(), Object.class)
                        .equals(client.getKubernetesSerialization().convertValue(desired.getSpec(), Object.class));
    }

    private NonNamespaceOperation<Ingress, IngressList, Resource<Ingress>> ingresses() {
        return client.network().v1().ingresses().inNamespace(namespace);
    }
}
