package io.jenkins.plugins.progressive;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Descriptor.FormException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.kohsuke.stapler.StaplerRequest2;

@WithJenkins
class ProgressiveDeliveryConfigurationITest {

    @Test
    void freshControllerDeploysToTheDefaultNamespace(JenkinsRule r) {
        assertEquals("default", ProgressiveDeliveryConfiguration.get().getDefaultNamespace());
    }

    @Test
    void namespaceSurvivesTheConfigPageAndIsSavedToDisk(JenkinsRule r) throws Exception {
        ProgressiveDeliveryConfiguration.get().setDefaultNamespace("payments-prod");

        r.configRoundtrip();

        assertEquals("payments-prod", ProgressiveDeliveryConfiguration.get().getDefaultNamespace());
        // A new instance knows only what load() reads from the XML file, i.e. what survives a restart.
        assertEquals("payments-prod", new ProgressiveDeliveryConfiguration().getDefaultNamespace());
    }

    @Test
    void blankMeansTheDefaultNamespace(JenkinsRule r) {
        ProgressiveDeliveryConfiguration config = ProgressiveDeliveryConfiguration.get();
        config.setDefaultNamespace("payments-prod");

        config.setDefaultNamespace("  ");

        assertEquals("default", config.getDefaultNamespace());
        assertEquals("default", new ProgressiveDeliveryConfiguration().getDefaultNamespace());
    }

    @Test
    void invalidNamespaceIsRefusedAndNothingChanges(JenkinsRule r) {
        ProgressiveDeliveryConfiguration config = ProgressiveDeliveryConfiguration.get();
        config.setDefaultNamespace("payments-prod");

        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> config.setDefaultNamespace("Payments_Prod"));
        assertTrue(refused.getMessage().startsWith("Payments_Prod is not a valid namespace name"));

        // The form path is refused before any binding (so no request is needed), naming the field for the form.
        JSONObject form = new JSONObject().element("defaultNamespace", "Payments_Prod");
        FormException formError =
                assertThrows(FormException.class, () -> config.configure((StaplerRequest2) null, form));
        assertEquals("defaultNamespace", formError.getFormField());

        assertEquals("payments-prod", config.getDefaultNamespace());
        assertEquals("payments-prod", new ProgressiveDeliveryConfiguration().getDefaultNamespace());
    }

    @Test
    void namespaceCheckIsForAdministratorsAndAnswersOnlyPost(JenkinsRule r) throws Exception {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ).everywhere().to("reader"));
        // The requests below log in with a password (dummy realm: password = user name) and carry no crumb.
        r.jenkins.setCrumbIssuer(null);
        String check = "descriptorByName/" + ProgressiveDeliveryConfiguration.class.getName()
                + "/checkDefaultNamespace?value=Payments_Prod";

        assertEquals(403, send(r, "reader", "POST", check).statusCode(), "Overall/Read is not enough");

        HttpResponse<String> admin = send(r, "admin", "POST", check);
        assertEquals(200, admin.statusCode());
        assertTrue(admin.body().contains("Payments_Prod is not a valid namespace name"), admin.body());

        assertEquals(404, send(r, "admin", "GET", check).statusCode(), "@POST: no route for GET");
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
