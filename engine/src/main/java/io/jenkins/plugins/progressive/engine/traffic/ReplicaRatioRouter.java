package io.jenkins.plugins.progressive.engine.traffic;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.jenkins.plugins.progressive.engine.cluster.JsonPatch;
import java.util.OptionalInt;

/**
 * Splits traffic without a proxy: the user's Service selects stable and canary pods alike and spreads requests over
 * them, so the canary's share is its share of the ready pods. For weight w of R replicas the canary strategy runs
 * {@code ceil(R·w/100)} canary pods and this router scales the stable Deployment to {@code R - floor(R·w/100)}: the
 * stable side gives up only whole pods the canary replaces, so capacity never drops below R. The share is therefore
 * approximate ({@link #canaryShareAt}): with R = 10, weight 5 gives 1 of 11 pods (9.1%), 25 gives 3 of 11 (27.3%),
 * 20 and 50 are exact. Requests cannot be steered one by one, so there are no header routes.
 */
public final class ReplicaRatioRouter extends ClusterRouter {

    private final String stableDeployment;
    private final int totalReplicas;

    /**
     * @param stableDeployment the Deployment of the stable version, scaled down as the canary grows
     * @param totalReplicas its replicas without a canary (R), restored by {@link #reset()}
     */
    public ReplicaRatioRouter(KubernetesClient client, String namespace, String stableDeployment, int totalReplicas) {
        super(client, namespace, false);
        this.stableDeployment = RouterArguments.objectName(stableDeployment, "stableDeployment");
        if (totalReplicas < 1) {
            throw new IllegalArgumentException("totalReplicas: must be at least 1, was " + totalReplicas);
        }
        this.totalReplicas = totalReplicas;
    }

    @Override
    public String describe() {
        return "replica ratio of Deployment " + namespace + "/" + stableDeployment + " over " + totalReplicas
                + " replicas (no proxy: the canary's share is its share of the pods, so weights are approximate)";
    }

    @Override
    public void verify() {
        read();
    }

    @Override
    public void setWeight(int canaryPercent) {
        scaleStable(stableReplicasAt(RouterArguments.percent(canaryPercent)));
    }

    @Override
    public void setHeaderRoute(HeaderRoute route) {
        throw new TrafficRouterException("route " + route.name() + ": header and cookie routes need a proxy that looks "
                + "at each request, i.e. the Gateway API, Istio or NGINX router; with replica ratio the Service spreads "
                + "requests over all pods, and none can be sent to the canary on purpose");
    }

    @Override
    public void reset() {
        scaleStable(totalReplicas);
    }

    /**
     * Whether the stable Deployment has the replicas of {@code canaryPercent}; the canary's pods are the strategy's,
     * not this router's, so they are not looked at.
     */
    @Override
    public boolean holds(int canaryPercent) {
        int replicas = stableReplicasAt(canaryPercent);
        return hasReplicas(read(), replicas);
    }

    /**
     * Always empty: the stable replicas cannot name one weight, since several weights leave the same number (with
     * R = 10, every weight from 0 to 9 keeps all 10), and the canary's pods are sized by the strategy, not here.
     */
    @Override
    public OptionalInt observedWeight() {
        read();
        return OptionalInt.empty();
    }

    /** The stable Deployment's replicas at {@code canaryPercent}: R minus the pods the canary fully replaces. */
    public int stableReplicasAt(int canaryPercent) {
        return totalReplicas - totalReplicas * RouterArguments.percent(canaryPercent) / 100;
    }

    /** The canary's share of the pods at {@code canaryPercent}, with {@code ceil(R·w/100)} canary pods running. */
    public double canaryShareAt(int canaryPercent) {
        int canary = (totalReplicas * RouterArguments.percent(canaryPercent) + 99) / 100;
        return (double) canary / (canary + stableReplicasAt(canaryPercent));
    }

    private RollableScalableResource<Deployment> resource() {
        return client.apps().deployments().inNamespace(namespace).withName(stableDeployment);
    }

    private Deployment read() {
        Deployment deployment = resource().get();
        if (deployment == null) {
            throw new TrafficRouterException("Deployment " + namespace + "/" + stableDeployment + " not found: the "
                    + "replica-ratio router scales the stable Deployment, which the Service shares with the canary");
        }
        return deployment;
    }

    private void scaleStable(int replicas) {
        if (hasReplicas(read(), replicas)) {
            return;
        }
        // Replicas only: the field this router manages, whoever wrote the rest of the Deployment. A JSON patch, as
        // every write of a rollout's workload, so the API server checks the writer's lease term (LeaseFence).
        JsonPatch patch = new JsonPatch().set("/spec/replicas", replicas);
        resource().patch(patch.context(), patch.toJson());
    }

    private static boolean hasReplicas(Deployment stable, int replicas) {
        return stable.getSpec() != null && Integer.valueOf(replicas).equals(stable.getSpec().getReplicas());
    }
}
