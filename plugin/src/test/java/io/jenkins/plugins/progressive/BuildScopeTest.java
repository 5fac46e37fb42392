package io.jenkins.plugins.progressive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudbees.plugins.credentials.CredentialsScope;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The form offers and tests only credentials a build can use: SYSTEM scope is for Jenkins itself. */
class BuildScopeTest {
    private record Cred(String id, CredentialsScope scope) {}

    private static Optional<Cred> pick(String id, Cred... candidates) {
        return BuildScope.pick(id, List.of(candidates), Cred::id, Cred::scope);
    }

    @Test
    void globalAndUnscopedCredentialsAreUsableSystemOnesAreNot() {
        assertThat(BuildScope.usableByBuilds(CredentialsScope.GLOBAL)).isTrue();
        assertThat(BuildScope.usableByBuilds(null)).isTrue();
        assertThat(BuildScope.usableByBuilds(CredentialsScope.SYSTEM)).isFalse();
    }

    @Test
    void aGlobalCredentialIsFound() {
        Cred deployer = new Cred("deployer", CredentialsScope.GLOBAL);

        assertThat(pick("deployer", new Cred("other", CredentialsScope.GLOBAL), deployer)).contains(deployer);
        assertThat(pick("missing", deployer)).isEmpty();
    }

    @Test
    void aSystemScopedCredentialIsRefusedWithWhatToChange() {
        assertThatThrownBy(() -> pick("deployer", new Cred("deployer", CredentialsScope.SYSTEM),
                new Cred("other", CredentialsScope.GLOBAL)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Credentials deployer is SYSTEM-scoped: builds cannot use it; use GLOBAL scope");
    }

    @Test
    void aGlobalCredentialWinsOverASystemOneWithTheSameId() {
        // Two stores (or domains) may hold the same id; a build finds the GLOBAL one, so the form does too.
        Cred global = new Cred("deployer", CredentialsScope.GLOBAL);

        assertThat(pick("deployer", new Cred("deployer", CredentialsScope.SYSTEM), global)).contains(global);
    }
}
