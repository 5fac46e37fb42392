package io.jenkins.plugins.progressive.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClusterSettingsTest {
    private static final String NOT_A_CERTIFICATE = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n"
            + "-----END CERTIFICATE-----\n";

    @Test
    void caCertificateAndSkipTlsVerifyAreExclusive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClusterSettings("https://k8s.example:6443", NOT_A_CERTIFICATE, true, null));
        assertEquals("Set either a CA certificate or skip TLS verification, not both.", e.getMessage());
    }

    @Test
    void brokenCaCertificateIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClusterSettings("https://k8s.example:6443", NOT_A_CERTIFICATE, false, null));
        assertTrue(e.getMessage().startsWith("The CA certificate cannot be read"), e.getMessage());
        assertTrue(ClusterSettings.caProblem("MIIB...").orElseThrow().contains("-----BEGIN CERTIFICATE-----"));
    }

    @Test
    void badUrlIsRefusedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClusterSettings("k8s.example:6443", null, false, null));
        assertTrue(e.getMessage().startsWith("The API server URL must start with https://"), e.getMessage());
    }

    @Test
    void blanksMeanNotSet() {
        ClusterSettings settings = new ClusterSettings(" https://k8s.example:6443 ", "  ", false, " ");
        assertEquals("https://k8s.example:6443", settings.apiServerUrl());
        assertNull(settings.caCertificate());
        assertNull(settings.namespace());
    }

    @Test
    void credentialsDoNotShowTheirSecret() {
        assertFalse(new ClusterCredential.BearerToken("s3cr3t").toString().contains("s3cr3t"));
        assertFalse(new ClusterCredential.Kubeconfig("token: s3cr3t").toString().contains("s3cr3t"));
    }
}
