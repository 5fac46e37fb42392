package io.jenkins.plugins.progressive.engine.strategy.bluegreen;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The blue/green pieces as the cluster has them. Which slot is live is read from the active Services' selectors every
 * time, never remembered, so two pipelines and a restarted controller agree. Anything inconsistent is refused with
 * what to repair; nothing is changed that does not carry our label.
 */
final class BlueGreenTopology {

    static final String SLOT = "slot";
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String US = "progressive-delivery";

    /**
     * What the cluster has now. The idle slot's Deployment is created by the release that first deploys to it, with
     * the new template at once: a slot made from the live template only to be re-templated would start a ReplicaSet
     * for nothing (or not, depending on how fast the controller saw it).
     */
    record State(Slot live, Deployment liveDeployment, List<Service> active, Service preview) {
        Slot idle() {
            return live.other();
        }
    }

    /** Why the pieces cannot be used, with how to repair them. */
    static final class Inconsistent extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Inconsistent(String message) {
            super(message);
        }
    }

    private final KubernetesClient client;
    private final BlueGreenPlan plan;

    BlueGreenTopology(KubernetesClient client, BlueGreenPlan plan) {
        this.client = client;
        this.plan = plan;
    }

    /**
     * Whether this app has not been released blue/green yet, or its adoption was cut off: a plain Deployment
     * {@code <app>} behind Services of which some do not select a slot, and no green slot yet. {@code <app>-blue} may
     * already exist (an adoption cut off before the Services were switched to it).
     */
    boolean needsAdoption() {
        return deployment(plan.deployment(Slot.GREEN)) == null && deployment(plan.app()) != null
                && activeServices().stream().anyMatch(s -> !selector(s).containsKey(SLOT));
    }

    /**
     * {@code <app>-blue} made from the plain Deployment (same template, labelled with its slot), not yet live; the one
     * an adoption cut off had created already, if so.
     */
    Deployment adoptBlue() {
        Deployment existing = deployment(plan.deployment(Slot.BLUE));
        if (existing != null) {
            requireOurs(existing);
            return existing;
        }
        Deployment blue = slotDeployment(plan, deployment(plan.app()), Slot.BLUE);
        return client.apps().deployments().inNamespace(plan.namespace()).resource(blue).create();
    }

    /** The record this holder left on a slot Deployment (a release in progress or done), or null. */
    BlueGreenState record() {
        for (Slot slot : Slot.values()) {
            BlueGreenState state = BlueGreenState.read(deployment(plan.deployment(slot)), plan.holder());
            if (state != null && state.to() == slot) {
                return state;
            }
        }
        return null;
    }

    /**
     * @param whenMixed the slot to take as live if the active Services disagree on it (a switch of this release cut
     *     off between two Services), or null to refuse then
     */
    State read(Slot whenMixed) {
        List<Service> active = activeServices();
        Set<String> slots = active.stream().map(s -> selector(s).get(SLOT)).collect(Collectors.toSet());
        if (slots.contains(null)) {
            throw new Inconsistent("Service " + names(active.stream().filter(s -> !selector(s).containsKey(SLOT)).toList())
                    + " selects pods without a 'slot' label, so it is not managed as blue/green; release a plain "
                    + "Deployment named '" + plan.app() + "' once to adopt it, or add slot: blue to the selector");
        }
        if (whenMixed != null && slots.equals(Set.of(Slot.BLUE.label(), Slot.GREEN.label()))) {
            slots = Set.of(whenMixed.label());
        }
        if (slots.size() != 1) {
            throw new Inconsistent("the active Services disagree on the live slot (" + active.stream().map(s -> s.getMetadata()
                    .getName() + "→" + selector(s).get(SLOT)).collect(Collectors.joining(", ")) + "); point them all at the "
                    + "slot that should serve (kubectl patch service NAME --type=merge -p '{\"spec\":{\"selector\":{\"slot\":\"blue\"}}}')");
        }
        Slot live = Slot.of(slots.iterator().next());
        if (live == null) {
            throw new Inconsistent("the active Services select slot '" + slots.iterator().next() + "'; only blue or green are known");
        }
        Deployment liveDeployment = deployment(plan.deployment(live));
        if (liveDeployment == null) {
            throw new Inconsistent("the Services route to slot " + live.label() + ", but deployment " + plan.namespace() + "/"
                    + plan.deployment(live) + " does not exist: nothing is live; restore it or point the Services at the other slot");
        }
        requireOurs(liveDeployment);
        Deployment idle = deployment(plan.deployment(live.other()));
        if (idle != null) {
            requireOurs(idle);
        }
        Service preview = client.services().inNamespace(plan.namespace()).withName(plan.previewService()).get();
        if (preview == null) {
            preview = client.services().inNamespace(plan.namespace()).resource(previewService(active.get(0), live.other())).create();
        } else {
            requireOurs(preview);
        }
        return new State(live, liveDeployment, active, preview);
    }

    private List<Service> activeServices() {
        List<Service> services = new ArrayList<>();
        for (String name : plan.activeServices()) {
            Service service = client.services().inNamespace(plan.namespace()).withName(name).get();
            if (service == null) {
                throw new Inconsistent("Service " + plan.namespace() + "/" + name + " not found: create the active Service first");
            }
            services.add(service);
        }
        return services;
    }

    /**
     * A slot Deployment: the template of {@code source}, labelled with the slot in selector and pods; as many replicas
     * as the plain Deployment it adopts, else 0.
     */
    static Deployment slotDeployment(BlueGreenPlan plan, Deployment source, Slot slot) {
        Map<String, String> selector = new java.util.LinkedHashMap<>(source.getSpec().getSelector().getMatchLabels());
        selector.put(SLOT, slot.label());
        return new DeploymentBuilder()
                .withNewMetadata().withName(plan.deployment(slot)).withNamespace(plan.namespace())
                    .addToLabels("app", plan.app()).addToLabels(SLOT, slot.label()).addToLabels(MANAGED_BY, US).endMetadata()
                .withNewSpecLike(source.getSpec()).withReplicas(source.getMetadata().getName().equals(plan.app())
                        ? source.getSpec().getReplicas() : Integer.valueOf(0)).withPaused(false)
                    .withNewSelector().withMatchLabels(selector).endSelector()
                    .editTemplate().editOrNewMetadata().addToLabels(SLOT, slot.label()).endMetadata().endTemplate()
                .endSpec().build();
    }

    private Service previewService(Service active, Slot idle) {
        Map<String, String> selector = new java.util.LinkedHashMap<>(selector(active));
        selector.put(SLOT, idle.label());
        return new ServiceBuilder().withNewMetadata().withName(plan.previewService()).withNamespace(plan.namespace())
                .addToLabels(MANAGED_BY, US).endMetadata()
                .withNewSpec().withSelector(selector).withPorts(active.getSpec().getPorts()).endSpec().build();
    }

    private void requireOurs(io.fabric8.kubernetes.api.model.HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        if (labels == null || !US.equals(labels.get(MANAGED_BY))) {
            throw new Inconsistent(object.getKind() + " " + plan.namespace() + "/" + object.getMetadata().getName()
                    + " is not labelled " + MANAGED_BY + "=" + US + ", so it is not touched; rename it or add the label if "
                    + "it really is this app's slot");
        }
    }

    private Deployment deployment(String name) {
        return client.apps().deployments().inNamespace(plan.namespace()).withName(name).get();
    }

    static Map<String, String> selector(Service service) {
        return service.getSpec() == null || service.getSpec().getSelector() == null ? Map.of() : service.getSpec().getSelector();
    }

    private static String names(List<Service> services) {
        return services.stream().map(s -> s.getMetadata().getName()).collect(Collectors.joining(", "));
    }
}
