package io.jenkins.plugins.progressive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class NamespaceNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"default", "payments-prod", "a", "0", "eu-west-1", "team-a--canary", "9lives"})
    void acceptsWhatKubernetesAccepts(String name) {
        assertEquals(Optional.empty(), NamespaceName.problem(name));
    }

    @Test
    void acceptsTheLongestPossibleName() {
        assertEquals(Optional.empty(), NamespaceName.problem("n".repeat(NamespaceName.MAX_LENGTH)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"Payments", "payments_prod", "-prod", "prod-", "prod.eu", "prod eu", "prod\n", "tést", "*"})
    void rejectsNamesKubernetesRejectsAndNamesTheOffender(String name) {
        String problem = NamespaceName.problem(name).orElseThrow();
        assertTrue(problem.startsWith(name + " is not a valid namespace name"), problem);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void requiresAName(String name) {
        assertEquals(Optional.of("A namespace name is required."), NamespaceName.problem(name));
    }

    @Test
    void rejectsOneCharacterTooManyAndSaysHowMany() {
        String problem = NamespaceName.problem("n".repeat(64)).orElseThrow();
        assertEquals("A namespace name has at most 63 characters; this one has 64.", problem);
    }

    @Test
    void doesNotEchoAnOverlongValue() {
        String problem = NamespaceName.problem("X".repeat(10_000)).orElseThrow();
        assertFalse(problem.contains("XX"), problem);
    }

    @Test
    void recognisesTheRangeKubernetesKeepsForItself() {
        assertTrue(NamespaceName.isReservedForKubernetes("kube-system"));
        assertTrue(NamespaceName.isReservedForKubernetes("kube-node-lease"));
        assertFalse(NamespaceName.isReservedForKubernetes("kubernetes-dashboard"));
        assertFalse(NamespaceName.isReservedForKubernetes("payments-kube-prod"));
    }
}
