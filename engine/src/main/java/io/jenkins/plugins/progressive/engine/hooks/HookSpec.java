package io.jenkins.plugins.progressive.engine.hooks;

import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A Kubernetes Job that runs before a rollout (expand phase of a database migration), after its success (contract
 * phase), or as a step of a canary (a smoke or load test against it). Validated on construction, so a bad hook stops the rollout before anything is written; messages name the
 * field, e.g. {@code preHook.template.image: 'Shop Web' is not a valid image reference}.
 *
 * @param phase before the rollout or after its success
 * @param job what to run: a full Job manifest or a container template
 * @param timeout how long the Job may take before it is deleted and reported as timed out (positive)
 * @param backoffLimit pod retries before the Job fails; 0 by default, because a half-applied migration that is
 *     retried blindly can do more harm than one that stops. A manifest's own {@code spec.backoffLimit} wins.
 * @param namePrefix the Job name starts with it: {@code <prefix>-<phase>-<runId>}; a DNS label of at most 40
 *     characters so the run id keeps some room
 */
public record HookSpec(Phase phase, HookJob job, Duration timeout, int backoffLimit, String namePrefix) {

    /** Ten minutes: long enough for most schema changes, short enough that a stuck lock is noticed. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    public static final int DEFAULT_BACKOFF_LIMIT = 0;
    public static final String DEFAULT_NAME_PREFIX = "db-migration";
    /** The name prefix of test Jobs (canary steps, blue/green preview tests) unless the step names another. */
    public static final String DEFAULT_STEP_NAME_PREFIX = "release-test";
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final int MAX_PREFIX = 40;

    /** When the hook runs. */
    public enum Phase {
        /** Before any pod changes: the expand step. A failure stops the rollout. */
        PRE,
        /** After the rollout succeeded: the contract step. A failure is reported; the rollout is not undone. */
        POST,
        /**
         * A test during a release: a smoke or load test against a canary at its current weight, or against a
         * blue/green preview before the switch. A failure rolls the canary back, or leaves the live slot live.
         */
        STEP;

        /** {@code pre}, {@code post} or {@code step}, as used in Job names and labels. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The step parameter that holds a hook of this phase, for messages. */
        public String field() {
            return switch (this) {
                case PRE -> "preHook";
                case POST -> "postHook";
                case STEP -> "job";
            };
        }
    }

    public HookSpec {
        Objects.requireNonNull(phase, "phase");
        String field = phase.field();
        if (job == null) {
            throw new PlanException(field + ": give either a manifest or a template (image and command)");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new PlanException(field + ".timeout: must be positive, was " + timeout);
        }
        if (backoffLimit < 0) {
            throw new PlanException(field + ".backoffLimit: must not be negative, was " + backoffLimit);
        }
        if (namePrefix == null || namePrefix.length() > MAX_PREFIX || !DNS_LABEL.matcher(namePrefix).matches()) {
            throw new PlanException(field + ".namePrefix: '" + namePrefix + "' must be 1-" + MAX_PREFIX
                    + " lowercase letters, digits or '-', starting and ending with a letter or digit");
        }
    }

    /**
     * A hook from a complete Job manifest (YAML or JSON), with the default timeout, backoff limit and name prefix.
     *
     * @throws PlanException if the text is not a {@code batch/v1} Job with at least one container
     */
    public static HookSpec manifest(Phase phase, String yaml) {
        Objects.requireNonNull(phase, "phase");
        return new HookSpec(phase, prefixed(phase, () -> new HookJob.Manifest(yaml)), DEFAULT_TIMEOUT,
                DEFAULT_BACKOFF_LIMIT, defaultPrefix(phase));
    }

    /** A hook that runs one container, with the default timeout, backoff limit and name prefix. */
    public static HookSpec template(Phase phase, HookJob.Template template) {
        return new HookSpec(phase, template, DEFAULT_TIMEOUT, DEFAULT_BACKOFF_LIMIT, defaultPrefix(phase));
    }

    /**
     * A hook that runs {@code command} in {@code image}, with no environment and the namespace's default service
     * account.
     */
    public static HookSpec template(Phase phase, String image, List<String> command) {
        Objects.requireNonNull(phase, "phase");
        return template(phase, prefixed(phase, () -> new HookJob.Template(image, command, null, null)));
    }

    public HookSpec withTimeout(Duration value) {
        return new HookSpec(phase, job, value, backoffLimit, namePrefix);
    }

    public HookSpec withBackoffLimit(int value) {
        return new HookSpec(phase, job, timeout, value, namePrefix);
    }

    public HookSpec withNamePrefix(String value) {
        return new HookSpec(phase, job, timeout, backoffLimit, value);
    }

    private static String defaultPrefix(Phase phase) {
        return phase == Phase.STEP ? DEFAULT_STEP_NAME_PREFIX : DEFAULT_NAME_PREFIX;
    }

    /** Builds the job description, putting the hook's parameter name in front of any validation message. */
    private static <T extends HookJob> T prefixed(Phase phase, Supplier<T> job) {
        try {
            return job.get();
        } catch (PlanException e) {
            throw new PlanException(phase.field() + "." + e.getMessage());
        }
    }
}
