package io.jenkins.plugins.progressive;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.sun.net.httpserver.HttpServer;
import hudson.ProxyConfiguration;
import hudson.util.Secret;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class ClusterConfigITest {
    private static final String DESCRIPTOR = "descriptorByName/" + ClusterConfig.class.getName() + "/";

    @Test
    void clustersSurviveTheConfigPageAndAreSavedToDisk(JenkinsRule r) throws Exception {
        ClusterConfig prod = new ClusterConfig("prod-eu", "https://10.0.0.1:6443");
        prod.setCredentialsId("prod-eu-deployer");
        prod.setDefaultNamespace("payments");
        prod.setRegion("eu-west-1");
        prod.setLabels("env=prod");
        prod.setPrometheusUrl("https://prometheus.prod-eu.example");
        prod.setPrometheusCredentialsId("prod-eu-prometheus");
        ClusterConfig kind = new ClusterConfig("kind", "https://127.0.0.1:41234");
        kind.setSkipTlsVerify(true);
        ProgressiveDeliveryConfiguration.get().setClusters(List.of(prod, kind));

        r.configRoundtrip();

        for (ProgressiveDeliveryConfiguration config :
                List.of(ProgressiveDeliveryConfiguration.get(), new ProgressiveDeliveryConfiguration())) {
            assertEquals(List.of("prod-eu", "kind"),
                    config.getClusters().stream().map(ClusterConfig::getName).toList());
            ClusterConfig p = config.findCluster("prod-eu").orElseThrow();
            assertEquals("https://10.0.0.1:6443", p.getApiServerUrl());
            assertEquals("prod-eu-deployer", p.getCredentialsId());
            assertEquals("payments", p.getDefaultNamespace());
            assertEquals("eu-west-1", p.getRegion());
            assertEquals("env=prod", p.getLabels());
            assertEquals("https://prometheus.prod-eu.example", p.getPrometheusUrl());
            assertEquals("prod-eu-prometheus", p.getPrometheusCredentialsId());
            assertFalse(p.isSkipTlsVerify());
            assertTrue(config.findCluster("kind").orElseThrow().isSkipTlsVerify());
        }
    }

    @Test
    void clusterNamesAreUnique(JenkinsRule r) {
        ProgressiveDeliveryConfiguration config = ProgressiveDeliveryConfiguration.get();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config.setClusters(List.of(
                new ClusterConfig("prod", "https://a.example"), new ClusterConfig("prod", "https://b.example"))));

        assertTrue(e.getMessage().startsWith("Two clusters are named prod"), e.getMessage());
        assertEquals(List.of(), config.getClusters());
    }

    @Test
    void testConnectionIsForAdministratorsAndAnswersOnlyPost(JenkinsRule r) throws Exception {
        secure(r);
        String test = DESCRIPTOR + "testConnection?apiServerUrl=https://127.0.0.1:1&credentialsId=nope";

        assertEquals(403, send(r, "reader", "POST", test).statusCode(), "Overall/Read is not enough");

        HttpResponse<String> admin = send(r, "admin", "POST", test);
        assertEquals(200, admin.statusCode());
        assertTrue(admin.body().contains("No Secret text (token) or Secret file (kubeconfig) credentials with id"
                + " nope"), admin.body());

        assertEquals(404, send(r, "admin", "GET", test).statusCode(), "@POST: no route for GET");
        assertEquals(403, send(r, "reader", "POST", DESCRIPTOR + "testPrometheus?prometheusUrl=http://127.0.0.1:1")
                .statusCode());
    }

    @Test
    void credentialIdsAreListedOnlyForAdministrators(JenkinsRule r) throws Exception {
        secure(r);
        SystemCredentialsProvider.getInstance().getCredentials().add(new StringCredentialsImpl(
                CredentialsScope.GLOBAL, "prod-eu-deployer", "deployer token", Secret.fromString("s3cr3t")));
        String fill = DESCRIPTOR + "fillCredentialsIdItems?credentialsId=what-the-form-holds";

        HttpResponse<String> reader = send(r, "reader", "POST", fill);
        assertEquals(200, reader.statusCode());
        assertTrue(reader.body().contains("what-the-form-holds"), reader.body());
        assertFalse(reader.body().contains("prod-eu-deployer"), reader.body());

        HttpResponse<String> admin = send(r, "admin", "POST", fill);
        assertTrue(admin.body().contains("prod-eu-deployer"), admin.body());
        assertFalse(admin.body().contains("s3cr3t"), admin.body());
    }

    @Test
    void skipTlsVerifyIsFlaggedAsInsecure(JenkinsRule r) throws Exception {
        secure(r);

        HttpResponse<String> check = send(r, "admin", "POST", DESCRIPTOR + "checkSkipTlsVerify?value=true");

        assertTrue(check.body().contains("Insecure"), check.body());
    }

    @Test
    void systemScopedCredentialsAreNeitherOfferedNorAccepted(JenkinsRule r) throws Exception {
        secure(r);
        // SYSTEM scope: visible to Jenkins itself (the form's lookup) but never to a build's findCredentialById.
        SystemCredentialsProvider.getInstance().getCredentials().add(new StringCredentialsImpl(
                CredentialsScope.SYSTEM, "jenkins-internal", "system token", Secret.fromString("sys-s3cr3t")));
        SystemCredentialsProvider.getInstance().getCredentials().add(new StringCredentialsImpl(
                CredentialsScope.GLOBAL, "prod-deployer", "deployer token", Secret.fromString("glob-s3cr3t")));
        String refusal = "Credentials jenkins-internal is SYSTEM-scoped: builds cannot use it; use GLOBAL scope";

        for (String fill : List.of("fillCredentialsIdItems?credentialsId=",
                "fillPrometheusCredentialsIdItems?prometheusCredentialsId=")) {
            HttpResponse<String> choices = send(r, "admin", "POST", DESCRIPTOR + fill);
            assertEquals(200, choices.statusCode());
            assertTrue(choices.body().contains("prod-deployer"), choices.body());
            assertFalse(choices.body().contains("jenkins-internal"), fill + ": " + choices.body());
        }

        HttpResponse<String> test = send(r, "admin", "POST", DESCRIPTOR
                + "testConnection?apiServerUrl=https://127.0.0.1:1&credentialsId=jenkins-internal");
        assertTrue(test.body().contains(refusal), test.body());
        HttpResponse<String> prometheus = send(r, "admin", "POST", DESCRIPTOR
                + "testPrometheus?prometheusUrl=http://127.0.0.1:1&prometheusCredentialsId=jenkins-internal");
        assertTrue(prometheus.body().contains(refusal), prometheus.body());
        for (String check : List.of("checkCredentialsId", "checkPrometheusCredentialsId")) {
            HttpResponse<String> flagged = send(r, "admin", "POST", DESCRIPTOR + check + "?value=jenkins-internal");
            assertTrue(flagged.body().contains(refusal), check + ": " + flagged.body());
            HttpResponse<String> fine = send(r, "admin", "POST", DESCRIPTOR + check + "?value=prod-deployer");
            assertFalse(fine.body().contains("error"), check + ": " + fine.body());
            assertEquals(403, send(r, "reader", "POST", DESCRIPTOR + check + "?value=prod-deployer").statusCode());
        }

        // The GLOBAL one is used: the probe gets as far as the (closed) port.
        HttpResponse<String> global = send(r, "admin", "POST", DESCRIPTOR
                + "testConnection?apiServerUrl=https://127.0.0.1:1&credentialsId=prod-deployer");
        assertTrue(global.body().contains("https://127.0.0.1:1"), global.body());
        assertFalse(global.body().contains("SYSTEM-scoped") || global.body().contains("No Secret text"),
                global.body());
        for (HttpResponse<String> page : List.of(test, prometheus, global)) {
            assertFalse(page.body().contains("s3cr3t"), page.body());
        }
    }

    @Test
    void everyCheckAnswersOnlyPostAndOnlyAdministrators(JenkinsRule r) throws Exception {
        secure(r);
        for (String check : List.of("checkAllowedJobs?value=prod/**", "checkGateDefaults?value=",
                "checkName?value=prod", "checkApiServerUrl?value=https://a.example",
                "checkDefaultNamespace?value=payments", "checkPrometheusUrl?value=", "checkCaCertificate?value=",
                "checkSkipTlsVerify?value=false", "checkCredentialsId?value=", "checkPrometheusCredentialsId?value=")) {
            assertEquals(200, send(r, "admin", "POST", DESCRIPTOR + check).statusCode(), check);
            assertEquals(404, send(r, "admin", "GET", DESCRIPTOR + check).statusCode(), check + ": @POST");
            assertEquals(403, send(r, "reader", "POST", DESCRIPTOR + check).statusCode(), check);
        }
        HttpResponse<String> everyJob = send(r, "admin", "POST", DESCRIPTOR + "checkAllowedJobs?value=");
        assertTrue(everyJob.body().contains("Every job may deploy to this cluster."), everyJob.body());
    }

    @Test
    void testPrometheusGoesThroughJenkinsProxy(JenkinsRule r) throws Exception {
        secure(r);
        List<String> proxied = new CopyOnWriteArrayList<>();
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            // An HTTP proxy receives the absolute URL; this one answers as Prometheus would.
            proxied.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
                    + "\"result\":[{\"metric\":{},\"value\":[1700000000,\"1\"]}]}}").getBytes(UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        proxy.start();
        try {
            r.jenkins.setProxy(new ProxyConfiguration("127.0.0.1", proxy.getAddress().getPort()));

            // The host does not resolve: only the proxy can answer for it.
            HttpResponse<String> test = send(r, "admin", "POST", DESCRIPTOR
                    + "testPrometheus?prometheusUrl=http://prometheus.monitoring.invalid:9090/");

            assertTrue(test.body().contains("Connected: Prometheus answered vector(1)"), test.body());
            assertEquals(List.of("POST http://prometheus.monitoring.invalid:9090/api/v1/query"), proxied);
        } finally {
            proxy.stop(0);
        }
    }

    private static void secure(JenkinsRule r) {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ).everywhere().to("reader"));
        // The requests below log in with a password (dummy realm: password = user name) and carry no crumb.
        r.jenkins.setCrumbIssuer(null);
    }

    private static HttpResponse<String> send(JenkinsRule r, String user, String method, String path)
            throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + user).getBytes(UTF_8));
        HttpRequest request = HttpRequest.newBuilder(r.getURL().toURI().resolve(path))
                .header("Authorization", "Basic " + basic)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
    }
}
