package io.jenkins.plugins.progressive.engine.flags.ops;

import io.jenkins.plugins.progressive.engine.flags.FlagDefinition;
import io.jenkins.plugins.progressive.engine.flags.FlagState;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Lifecycle data in flag metadata. flagd has no lifecycle concept, and metadata values must be primitives (the flagd
 * schema; the CRD prunes anything else), so each fact is one string entry. Applications see it with every evaluation.
 */
public final class Lifecycle {

    public static final String OWNER = "owner";
    public static final String CREATED_AT = "createdAt";
    /** A date ({@code 2026-12-31}, end of that day UTC) or an instant; past it, the stale report lists the flag. */
    public static final String EXPIRES_AT = "expiresAt";
    public static final String STAGE = "stage";
    /** When {@link #STAGE} last changed (ISO-8601 instant): how long a flag has been fully on. */
    public static final String STAGE_SINCE = "stageSince";
    public static final String EXPERIMENT_ID = "experimentId";

    private Lifecycle() {
    }

    /** Metadata {@code permanent: true} marks a flag meant to stay (an operational kill switch): never stale. */
    public static final String PERMANENT = "permanent";

    /**
     * The variant an enabled flag serves to everyone: without targeting its default, or the one variant a split
     * without rules gives all the weight. Empty when users can get different variants, or the flag is disabled.
     */
    public static Optional<String> servedToEveryone(FlagDefinition flag) {
        if (flag.state() != FlagState.ENABLED) {
            return Optional.empty();
        }
        if (!flag.hasTargeting()) {
            return Optional.ofNullable(flag.defaultVariant());
        }
        TargetingLayout layout = TargetingLayout.of(flag.targeting());
        return layout.rules().isEmpty() ? Optional.ofNullable(Splits.soleVariant(layout.fallthrough()))
                : Optional.empty();
    }

    /** Stages in order: new → rolling-out → fully-on → stale → archived. */
    public enum Stage {
        NEW, ROLLING_OUT, FULLY_ON, STALE, ARCHIVED;

        /** As written in metadata: {@code rolling-out}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Reads {@code rolling-out}, {@code ROLLING_OUT} or {@code rolling_out}; an unknown name lists the allowed. */
        public static Stage parse(String text, String parameter) {
            if (text != null) {
                for (Stage stage : values()) {
                    if (stage.label().equalsIgnoreCase(text.replace('_', '-'))) {
                        return stage;
                    }
                }
            }
            throw new FlagOperationException(parameter + " must be one of new, rolling-out, fully-on, stale, archived;"
                    + " was " + (text == null ? "null" : "'" + text + "'"));
        }
    }

    /** The flag at a stage; {@link #STAGE_SINCE} moves only when the stage actually changes. */
    static FlagDefinition withStage(FlagDefinition flag, Stage stage, Instant now) {
        if (stage.label().equals(flag.metadata().get(STAGE))) {
            return flag;
        }
        return flag.withMetadata(STAGE, stage.label()).withMetadata(STAGE_SINCE, now.toString());
    }
}
