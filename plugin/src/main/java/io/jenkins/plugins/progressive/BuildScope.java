package io.jenkins.plugins.progressive;

import com.cloudbees.plugins.credentials.CredentialsScope;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which of the credentials the administrator sees at the controller's level a build can use too. The form looks
 * credentials up for Jenkins itself, where the credentials plugin hands out SYSTEM and GLOBAL scope; a build looks
 * them up for its job ({@code findCredentialById(id, type, run)}), where {@code SystemCredentialsProvider} leaves
 * SYSTEM scope out ({@code not(withScope(SYSTEM))}). Offering or testing a SYSTEM-scoped credential would report
 * success to the admin while every build fails, so the form uses only what passes here.
 */
final class BuildScope {
    private BuildScope() {}

    /** As the credentials plugin decides for items: everything but SYSTEM scope (unscoped credentials included). */
    static boolean usableByBuilds(@CheckForNull CredentialsScope scope) {
        return scope != CredentialsScope.SYSTEM;
    }

    /**
     * The first credential with {@code id} a build can use.
     *
     * @return empty if none has the id
     * @throws IllegalArgumentException if only SYSTEM-scoped credentials have it; the message says what to change
     */
    static <C> Optional<C> pick(String id, List<C> candidates, Function<C, String> idOf,
            Function<C, CredentialsScope> scopeOf) {
        List<C> withId = candidates.stream().filter(c -> id.equals(idOf.apply(c))).toList();
        Optional<C> usable = withId.stream().filter(c -> usableByBuilds(scopeOf.apply(c))).findFirst();
        if (usable.isEmpty() && !withId.isEmpty()) {
            throw new IllegalArgumentException(systemScoped(id));
        }
        return usable;
    }

    static String systemScoped(String id) {
        return "Credentials " + id + " is SYSTEM-scoped: builds cannot use it; use GLOBAL scope"
                + " (Manage Jenkins » Credentials, Update).";
    }
}
