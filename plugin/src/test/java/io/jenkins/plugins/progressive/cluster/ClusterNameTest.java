package io.jenkins.plugins.progressive.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"prod", "prod-eu-west-1", "dev2", "a"})
    void acceptsDnsLabels(String name) {
        assertEquals(Optional.empty(), ClusterName.problem(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Prod", "prod_eu", "-prod", "prod-", "prod eu", "prod.eu"})
    void rejectsOthersNamingTheOffender(String name) {
        String problem = ClusterName.problem(name).orElseThrow();
        assertTrue(problem.startsWith(name + " is not a valid cluster name"), problem);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void requiresAName(String name) {
        assertEquals(Optional.of("A cluster name is required."), ClusterName.problem(name));
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 10_000})
    void rejectsOverlongNamesWithoutEchoingThem(int length) {
        assertEquals(Optional.of("A cluster name has at most 63 characters; this one has " + length + "."),
                ClusterName.problem("x".repeat(length)));
    }
}
