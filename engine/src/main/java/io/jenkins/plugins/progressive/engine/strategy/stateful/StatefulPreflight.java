package io.jenkins.plugins.progressive.engine.strategy.stateful;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a StatefulSet rollout may do, decided from the StatefulSet as read, before any write: refuse (not found,
 * OnDelete, an unknown container, someone else's update in progress), report that there is nothing to do, continue
 * this build's own rollout from its recorded state, or start.
 */
sealed interface StatefulPreflight {

    /** Refused or nothing to do: the rollout ends here with this outcome. */
    record Ends(RolloutOutcome outcome) implements StatefulPreflight {
    }

    /** This holder's rollout, found on the StatefulSet: continue at its batch. */
    record Resumes(StatefulState state, int replicas) implements StatefulPreflight {
    }

    /** A new rollout from these images. */
    record Starts(Map<String, String> images, int replicas) implements StatefulPreflight {
    }

    static StatefulPreflight of(StatefulPlan plan, StatefulSet current) {
        String name = "statefulset " + plan.namespace() + "/" + plan.statefulSet();
        if (current == null) {
            return refused(name + " not found; nothing was changed");
        }
        if (current.getSpec().getUpdateStrategy() != null
                && "OnDelete".equals(current.getSpec().getUpdateStrategy().getType())) {
            return refused(name + " uses the OnDelete update strategy, which replaces pods only when someone deletes "
                    + "them; set updateStrategy.type: RollingUpdate. Nothing was changed");
        }
        int replicas = current.getSpec().getReplicas() == null ? 1 : current.getSpec().getReplicas();
        Map<String, String> images = new LinkedHashMap<>();
        current.getSpec().getTemplate().getSpec().getContainers().forEach(c -> images.put(c.getName(), c.getImage()));
        for (ImageChange change : plan.images()) {
            if (!images.containsKey(change.container())) {
                return refused("images: container '" + change.container() + "' is not in " + name + " (containers: "
                        + String.join(", ", images.keySet()) + "); nothing was changed");
            }
        }
        boolean wanted = plan.images().stream().allMatch(c -> c.image().equals(images.get(c.container())));
        StatefulState found = StatefulState.read(current);
        if (found != null && found.holder().equals(plan.holder()) && wanted) {
            return new Resumes(found, replicas);
        }
        StatefulSetStatus status = current.getStatus();
        boolean updating = status != null && status.getUpdateRevision() != null
                && !status.getUpdateRevision().equals(status.getCurrentRevision());
        if (updating || found != null) {
            return refused(name + " is in the middle of another update" + (found != null ? " (started by "
                    + found.holder() + ")" : " (revision " + status.getCurrentRevision() + " → "
                    + status.getUpdateRevision() + ")") + "; let it finish or undo it first. Nothing was changed");
        }
        if (wanted) {
            return new Ends(RolloutOutcome.stateful(RolloutOutcome.Result.SUCCEEDED, name + " already runs "
                    + describe(plan.images()) + "; nothing to do", status == null ? null : status.getUpdateRevision()));
        }
        return new Starts(images, replicas);
    }

    static String describe(List<ImageChange> images) {
        return images.stream().map(i -> i.container() + "=" + i.image()).collect(Collectors.joining(", "));
    }

    private static Ends refused(String message) {
        return new Ends(RolloutOutcome.stateful(RolloutOutcome.Result.REFUSED, message, null));
    }
}
