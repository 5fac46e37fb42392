package io.jenkins.plugins.progressive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.ConfiguratorException;
import io.jenkins.plugins.casc.misc.junit.jupiter.AbstractRoundTripTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * Configuration-as-code: {@code roundTripTest} (inherited) applies {@code configuration-as-code.yaml}, checks it
 * through the web UI, reapplies it, restarts Jenkins with it as {@code jenkins.yaml} and checks again.
 */
class ProgressiveDeliveryConfigurationCascITest extends AbstractRoundTripTest {

    @Override
    protected void assertConfiguredAsExpected(JenkinsRule j, String configContent) {
        ProgressiveDeliveryConfiguration config = ProgressiveDeliveryConfiguration.get();
        assertEquals("payments-prod", config.getDefaultNamespace());
        assertEquals(List.of("prod-eu", "kind"), config.getClusters().stream().map(ClusterConfig::getName).toList());

        ClusterConfig prod = config.findCluster("prod-eu").orElseThrow();
        assertEquals("https://10.0.0.1:6443", prod.getApiServerUrl());
        assertEquals("prod-eu-deployer", prod.getCredentialsId());
        assertEquals("payments", prod.getDefaultNamespace());
        assertEquals("eu-west-1", prod.getRegion());
        assertEquals("env=prod", prod.getLabels());
        assertEquals("https://prometheus.prod-eu.example", prod.getPrometheusUrl());
        assertEquals("prod-eu-prometheus", prod.getPrometheusCredentialsId());
        assertFalse(prod.isSkipTlsVerify());
        assertEquals("prod/**", prod.getAllowedJobs());
        assertTrue(prod.allows("prod/eu/checkout"));
        assertFalse(prod.allows("sandbox/checkout"));
        assertEquals(List.of("release-managers"), prod.approverList());
        assertTrue(prod.isSeparationOfDuties());
        assertEquals(java.util.Map.of("errorRate", "< 0.5%", "latencyP99", "< 150ms"), prod.gateConditions());

        ClusterConfig kind = config.findCluster("kind").orElseThrow();
        assertTrue(kind.isSkipTlsVerify());
        assertNull(kind.getCaCertificate());
        assertNull(kind.getPrometheusUrl());
        assertNull(kind.getAllowedJobs());
        assertFalse(kind.isSeparationOfDuties());
    }

    @Override
    protected String stringInLogExpected() {
        return "defaultNamespace = payments-prod";
    }

    @Test
    void invalidNamespaceFailsTheConfigurationAndChangesNothing(JenkinsRule r) {
        String yaml = getClass().getResource("invalid-namespace.yaml").toExternalForm();

        ConfiguratorException e =
                assertThrows(ConfiguratorException.class, () -> ConfigurationAsCode.get().configure(yaml));

        assertTrue(causeChainMentions(e, "Kube_System is not a valid namespace name"), () -> describe(e));
        assertEquals("default", ProgressiveDeliveryConfiguration.get().getDefaultNamespace());
    }

    private static boolean causeChainMentions(Throwable t, String text) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable t) {
        StringBuilder s = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            s.append(c).append('\n');
        }
        return s.toString();
    }
}
