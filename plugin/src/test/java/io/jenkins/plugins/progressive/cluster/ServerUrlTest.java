package io.jenkins.plugins.progressive.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerUrlTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://10.0.0.1:6443", "https://k8s.example", "http://127.0.0.1:9090/",
            "https://thanos.example/prometheus/", "HTTPS://K8S.EXAMPLE"})
    void acceptsHttpAndHttpsUrls(String url) {
        assertEquals(Optional.empty(), ServerUrl.problem(url, "API server URL"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "k8s.example:6443|The API server URL must start with https://",
        "ftp://k8s.example|The API server URL must start with https://",
        "https://|The API server URL is not a URL",
        "https:///path|The API server URL names no host.",
        "https://admin:pw@k8s.example|The API server URL must not contain a user name or password",
        "https://k8s.example/?token=x|The API server URL must not have a query",
        "https://k8s example|The API server URL is not a URL"
    })
    void rejectsWhatAClientWouldMisuse(String url, String expectedStart) {
        String problem = ServerUrl.problem(url, "API server URL").orElseThrow();
        assertTrue(problem.startsWith(expectedStart), problem);
    }

    @Test
    void requiresAUrlAndNamesWhichOne() {
        assertEquals(Optional.of("The Prometheus URL is required."), ServerUrl.problem(" ", "Prometheus URL"));
    }

    @Test
    void recognisesCleartext() {
        assertTrue(ServerUrl.isPlainHttp(" HTTP://k8s.example"));
        assertFalse(ServerUrl.isPlainHttp("https://k8s.example"));
    }
}
