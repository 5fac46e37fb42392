package io.jenkins.plugins.progressive.sandbox.workload;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one container of a pod spec requests and is limited to, in cores and bytes as
 * kube-state-metrics reports them. A resource the spec does not name is absent, not zero.
 *
 * @param container name of the container
 * @param requests  requested amounts; a resource with a limit and no request requests its limit,
 *                  as the API server's defaulting makes it (the mock API server does not)
 * @param limits    limits
 */
record ContainerResources(String container, Map<ComputeResource, Double> requests,
                          Map<ComputeResource, Double> limits) {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerResources.class);

    ContainerResources {
        Objects.requireNonNull(container, "container must not be null");
        requests = Map.copyOf(requests);
        limits = Map.copyOf(limits);
    }

    /** Every container of the pod spec, in order; the first is the app container. */
    static List<ContainerResources> of(Pod pod) {
        List<Container> containers = pod.getSpec() == null ? null : pod.getSpec().getContainers();
        if (containers == null) {
            return List.of();
        }
        return containers.stream().map(ContainerResources::of).toList();
    }

    static ContainerResources of(Container container) {
        String name = container.getName() == null ? "" : container.getName();
        ResourceRequirements resources = container.getResources();
        Map<ComputeResource, Double> limits = amounts(name, resources == null ? null : resources.getLimits());
        Map<ComputeResource, Double> requests = amounts(name, resources == null ? null : resources.getRequests());
        limits.forEach(requests::putIfAbsent);
        return new ContainerResources(name, requests, limits);
    }

    /**
     * A quantity in its base unit: "500m" is 0.5 (cores), "256Mi" is 268435456 (bytes). Empty when
     * it does not parse or is negative, which the real API server would have refused.
     */
    static OptionalDouble amount(Quantity quantity) {
        try {
            // The numerical amount applies the suffix whatever the resource (what getAmountInBytes does too).
            double amount = quantity.getNumericalAmount().doubleValue();
            return amount >= 0 && Double.isFinite(amount) ? OptionalDouble.of(amount) : OptionalDouble.empty();
        } catch (RuntimeException notAQuantity) {
            return OptionalDouble.empty();
        }
    }

    private static Map<ComputeResource, Double> amounts(String container, Map<String, Quantity> quantities) {
        Map<ComputeResource, Double> amounts = new EnumMap<>(ComputeResource.class);
        if (quantities == null) {
            return amounts;
        }
        for (ComputeResource resource : ComputeResource.values()) {
            Quantity quantity = quantities.get(resource.key());
            if (quantity == null) {
                continue;
            }
            OptionalDouble amount = amount(quantity);
            if (amount.isPresent()) {
                amounts.put(resource, amount.getAsDouble());
            } else {
                LOG.warn("container {}: {} quantity '{}' is not a valid quantity; not exported", container,
                        resource.key(), quantity);
            }
        }
        return amounts;
    }
}
