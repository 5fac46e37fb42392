package io.jenkins.plugins.progressive.engine.analysis.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrometheusConnectionTest {

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.token-value-42";
    private static final String PASSWORD = "correct-horse-battery";
    private static final String API_KEY = "key-0123456789";

    @Test
    void defaultsToNoAuthSystemTrustTenSecondsAndNoHeaders() {
        PrometheusConnection connection = PrometheusConnection.of("http://prometheus.monitoring:9090");

        assertThat(connection.auth()).isEqualTo(PrometheusAuth.none());
        assertThat(connection.tls()).isEqualTo(PrometheusTls.systemTrust());
        assertThat(connection.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(connection.headers()).isEmpty();
        assertThat(connection.queryEndpoint()).isEqualTo(URI.create("http://prometheus.monitoring:9090/api/v1/query"));
    }

    @Test
    void keepsThePathPrefixWithOrWithoutTrailingSlash() {
        assertThat(PrometheusConnection.of("https://thanos.example/prometheus/").queryEndpoint())
                .isEqualTo(URI.create("https://thanos.example/prometheus/api/v1/query"));
        assertThat(PrometheusConnection.of("https://thanos.example/prometheus").queryEndpoint())
                .isEqualTo(URI.create("https://thanos.example/prometheus/api/v1/query"));
        assertThat(PrometheusConnection.of("HTTPS://thanos.example:8443/a/b").queryEndpoint())
                .isEqualTo(URI.create("https://thanos.example:8443/a/b/api/v1/query"));
    }

    @Test
    void rejectsWhatIsNotAnAbsoluteHttpUrlNamingTheField() {
        assertThatThrownBy(() -> PrometheusConnection.of("foo"))
                .hasMessage("prometheus.url: must be an absolute http or https URL, was 'foo'");
        assertThatThrownBy(() -> PrometheusConnection.of("ftp://prometheus/"))
                .hasMessage("prometheus.url: must be an absolute http or https URL, was 'ftp://prometheus/'");
        assertThatThrownBy(() -> PrometheusConnection.of("http://prometheus/?x=1"))
                .hasMessageStartingWith("prometheus.url: ").hasMessageContaining("query or fragment");
        assertThatThrownBy(() -> PrometheusConnection.of(" "))
                .hasMessage("prometheus.url: must be an absolute http or https URL, was ' '");
        assertThatThrownBy(() -> PrometheusConnection.of(null))
                .hasMessage("prometheus.url: must be an absolute http or https URL, was null");
    }

    @Test
    void rejectsCredentialsInTheUrlWithoutRepeatingThem() {
        assertThatThrownBy(() -> PrometheusConnection.of("https://admin:" + PASSWORD + "@prometheus/"))
                .hasMessageStartingWith("prometheus.url: ")
                .hasMessageContaining("authentication")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void timeoutMustBePositive() {
        PrometheusConnection connection = PrometheusConnection.of("http://prometheus/");

        assertThat(connection.withTimeout(Duration.ofMillis(300)).timeout()).isEqualTo(Duration.ofMillis(300));
        assertThatThrownBy(() -> connection.withTimeout(Duration.ZERO))
                .hasMessage("prometheus.timeout: must be positive (at least 1 ms), was PT0S");
        assertThatThrownBy(() -> connection.withTimeout(Duration.ofSeconds(-1)))
                .hasMessageStartingWith("prometheus.timeout: ");
    }

    @Test
    void headerNamesMustBeTokensAndValuesSingleLines() {
        assertThatThrownBy(() -> PrometheusHeader.of("X-Scope-OrgID\r\nX-Evil", "a"))
                .hasMessageStartingWith("prometheus.headers: ")
                .hasMessageContaining("'X-Scope-OrgID\\r\\nX-Evil'");
        assertThatThrownBy(() -> PrometheusHeader.of("X Tenant", "a")).hasMessageStartingWith("prometheus.headers: ");
        assertThatThrownBy(() -> PrometheusHeader.of("X-Scope-OrgID", "tenant\r\nX-Evil: 1"))
                .hasMessage("prometheus.headers[X-Scope-OrgID]: value must not contain CR, LF or other control "
                        + "characters");
        assertThatThrownBy(() -> PrometheusHeader.of("Host", "other.example"))
                .hasMessage("prometheus.headers[Host]: is set by the client and cannot be configured");
    }

    @Test
    void headerNamesAreUniqueAndAuthorizationHeaderConflictsWithAuth() {
        PrometheusConnection connection = PrometheusConnection.of("http://prometheus/")
                .withHeader(PrometheusHeader.of("X-Scope-OrgID", "team-a"));

        assertThatThrownBy(() -> connection.withHeader(PrometheusHeader.of("x-scope-orgid", "team-b")))
                .hasMessage("prometheus.headers[x-scope-orgid]: given twice");
        assertThatThrownBy(() -> connection.withAuth(PrometheusAuth.bearer(TOKEN))
                .withHeader(PrometheusHeader.of("Authorization", "Api-Key " + API_KEY)))
                .hasMessageStartingWith("prometheus.headers[Authorization]: conflicts with prometheus.auth")
                .hasMessageNotContaining(API_KEY);
    }

    @Test
    void credentialLikeHeadersAreSecretWhateverTheCallerSays() {
        assertThat(PrometheusHeader.of("Authorization", "x").secret()).isTrue();
        assertThat(PrometheusHeader.of("X-Api-Key", "x").secret()).isTrue();
        assertThat(PrometheusHeader.of("X-Auth-Token", "x").secret()).isTrue();
        assertThat(new PrometheusHeader("Cookie", "x", false).secret()).isTrue();
        assertThat(PrometheusHeader.of("X-Scope-OrgID", "x").secret()).isFalse();
        assertThat(PrometheusHeader.of("THANOS-TENANT", "x").secret()).isFalse();
        assertThat(PrometheusHeader.secret("X-Scope-OrgID", "x").secret()).isTrue();
    }

    @Test
    void authIsValidated() {
        assertThatThrownBy(() -> PrometheusAuth.bearer(" ")).hasMessage("prometheus.auth.token: must not be blank");
        assertThatThrownBy(() -> PrometheusAuth.basic("a:b", PASSWORD))
                .hasMessage("prometheus.auth.username: must not contain ':' or control characters");
        assertThatThrownBy(() -> PrometheusAuth.basic("admin", null))
                .hasMessage("prometheus.auth.password: must be set");
    }

    @Test
    void tlsIsEitherCustomCaOrInsecureNotBoth() {
        assertThat(PrometheusTls.of(null, false)).isEqualTo(PrometheusTls.systemTrust());
        assertThat(PrometheusTls.of("  ", true)).isEqualTo(PrometheusTls.insecureSkipTlsVerify());
        assertThatThrownBy(() -> PrometheusTls.of("-----BEGIN CERTIFICATE-----", true))
                .hasMessage("prometheus.tls: set either caCertificates or insecureSkipTlsVerify, not both");
        assertThatThrownBy(() -> PrometheusTls.customCa("my CA"))
                .hasMessageStartingWith("prometheus.tls.caCertificates: no '-----BEGIN CERTIFICATE-----' block");
        assertThatThrownBy(() -> PrometheusTls.customCa(
                "-----BEGIN CERTIFICATE-----\nTUlJQm9n\n-----END CERTIFICATE-----\n"))
                .hasMessageStartingWith("prometheus.tls.caCertificates: certificate #1 is not a valid X.509");
    }

    @Test
    void toStringNeverShowsSecrets() {
        PrometheusConnection bearer = PrometheusConnection.of("https://thanos.example/")
                .withAuth(PrometheusAuth.bearer(TOKEN))
                .withHeader(PrometheusHeader.of("X-Api-Key", API_KEY))
                .withHeader(PrometheusHeader.of("X-Scope-OrgID", "team-a"));
        PrometheusConnection basic = bearer.withAuth(PrometheusAuth.basic("admin", PASSWORD));

        assertThat(bearer.toString()).doesNotContain(TOKEN, API_KEY).contains("team-a", "****");
        assertThat(basic.toString()).doesNotContain(PASSWORD, API_KEY).contains("admin");
        assertThat(new HttpPrometheusClient(basic).toString()).doesNotContain(PASSWORD, API_KEY);
        assertThat(List.of(PrometheusAuth.bearer(TOKEN), PrometheusAuth.basic("admin", PASSWORD)).toString())
                .doesNotContain(TOKEN, PASSWORD);
    }

    @Test
    void validationMessagesNeverShowSecrets() {
        assertThatThrownBy(() -> PrometheusAuth.bearer(TOKEN + "\n")).hasMessageNotContaining(TOKEN)
                .hasMessageStartingWith("prometheus.auth.token: ");
        assertThatThrownBy(() -> PrometheusAuth.basic("admin", PASSWORD + "\n")).hasMessageNotContaining(PASSWORD)
                .hasMessageStartingWith("prometheus.auth.password: ");
        assertThatThrownBy(() -> PrometheusHeader.secret("X-Tenant-Secret", API_KEY + "\r\n"))
                .hasMessageNotContaining(API_KEY);
    }

    @Test
    void redactsSecretsAndTheEncodedBasicPair() {
        PrometheusConnection connection = PrometheusConnection.of("http://prometheus/")
                .withAuth(PrometheusAuth.basic("admin", PASSWORD))
                .withHeader(PrometheusHeader.secret("X-Scope-OrgID", "tenant-secret"));
        String encoded = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

        assertThat(connection.redact("echo: Basic " + encoded + " / " + PASSWORD + " / tenant-secret"))
                .isEqualTo("echo: Basic **** / **** / ****");
    }
}
