package io.jenkins.plugins.progressive.engine.hooks;

import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a hook runs: either a complete Job manifest written by the user, or a template of one container that the
 * runner turns into a Job. Both are validated on construction; messages name the field relative to the hook, e.g.
 * {@code template.command[1]: must not be blank}.
 */
public sealed interface HookJob {

    /**
     * A complete {@code batch/v1} Job in YAML or JSON. The runner sets its name, namespace and labels, and fills in
     * what it leaves out: {@code backoffLimit}, {@code ttlSecondsAfterFinished}, {@code activeDeadlineSeconds},
     * {@code restartPolicy}. Everything else (secrets, volumes, resources, node selection) is used as written.
     *
     * @param yaml the manifest text
     */
    record Manifest(String yaml) implements HookJob {
        public Manifest {
            HookJobs.parse(yaml);
        }
    }

    /**
     * One container, run once with {@code restartPolicy: Never}.
     *
     * @param image the image reference, {@code [registry[:port]/]path[:tag][@sha256:digest]}
     * @param command the command and its arguments (replaces the image's entrypoint); at least one word
     * @param env plain environment variables; for credentials use the manifest form with {@code secretKeyRef}, so no
     *     secret ends up in the Job spec or the build log
     * @param serviceAccount the pod's service account, or null for the namespace default
     */
    record Template(String image, List<String> command, Map<String, String> env, String serviceAccount)
            implements HookJob {

        private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
        private static final String DOMAIN_PART = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";
        // The grammar of github.com/distribution/reference: optional registry host[:port], lowercase path
        // components, optional tag, optional digest.
        static final Pattern IMAGE = Pattern.compile("(?:" + DOMAIN_PART + "(?:\\." + DOMAIN_PART + ")*(?::[0-9]+)?/)?"
                + COMPONENT + "(?:/" + COMPONENT + ")*"
                + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?");
        private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

        public Template {
            if (image == null || image.length() > 4096 || !IMAGE.matcher(image).matches()) {
                throw new PlanException("template.image: '" + image + "' is not a valid image reference "
                        + "(e.g. registry.example.com/shop/migrate:2.1.0 or shop/migrate@sha256:…)");
            }
            if (command == null || command.isEmpty()) {
                throw new PlanException("template.command: give the command to run, e.g. [\"./migrate\", \"up\"]");
            }
            for (int i = 0; i < command.size(); i++) {
                if (command.get(i) == null || command.get(i).isBlank()) {
                    throw new PlanException("template.command[" + i + "]: must not be blank");
                }
            }
            command = List.copyOf(command);
            env = env == null ? Map.of() : env;
            for (Map.Entry<String, String> variable : env.entrySet()) {
                String name = variable.getKey();
                // Kubernetes accepts any printable ASCII name without '='; the shell needs more, but that is the
                // image's business.
                if (name == null || name.isEmpty() || name.contains("=") || !name.chars().allMatch(c -> c > 32 && c < 127)) {
                    throw new PlanException("template.env: '" + name + "' is not a valid variable name");
                }
                if (variable.getValue() == null) {
                    throw new PlanException("template.env." + name + ": has no value");
                }
            }
            env = Collections.unmodifiableMap(new TreeMap<>(env)); // sorted: the same spec gives the same Job
            if (serviceAccount != null && (serviceAccount.length() > 253 || !SUBDOMAIN.matcher(serviceAccount).matches())) {
                throw new PlanException("template.serviceAccount: '" + serviceAccount + "' is not a valid service account name");
            }
        }

        /** The same container with these environment variables. */
        public Template withEnv(Map<String, String> value) {
            return new Template(image, command, value, serviceAccount);
        }

        /** The same container, run as this service account. */
        public Template withServiceAccount(String value) {
            return new Template(image, command, env, value);
        }
    }
}
