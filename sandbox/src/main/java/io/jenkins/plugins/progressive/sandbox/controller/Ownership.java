package io.jenkins.plugins.progressive.sandbox.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;

/** Controller owner references: which object a ReplicaSet or pod belongs to. */
final class Ownership {

    private Ownership() {
    }

    static OwnerReference controllerReference(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    static boolean isOwnedBy(HasMetadata child, HasMetadata owner) {
        List<OwnerReference> references = child.getMetadata().getOwnerReferences();
        return references != null && references.stream().anyMatch(r -> Boolean.TRUE.equals(r.getController())
                && owner.getMetadata().getUid().equals(r.getUid()));
    }

    static <T extends HasMetadata> List<T> ownedBy(List<T> candidates, HasMetadata owner) {
        return candidates.stream()
                .filter(c -> c.getMetadata().getNamespace().equals(owner.getMetadata().getNamespace()))
                .filter(c -> isOwnedBy(c, owner)).toList();
    }
}
