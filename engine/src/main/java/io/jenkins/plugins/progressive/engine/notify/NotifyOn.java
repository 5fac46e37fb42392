package io.jenkins.plugins.progressive.engine.notify;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The moments of a rollout a team can be told about. */
public enum NotifyOn {
    /** A gate waits for a person: who may decide, and where. */
    APPROVAL,
    /** A waiting gate was decided (by a person, its timeout, or an abort). */
    DECISION,
    /** The new version went live everywhere. */
    PROMOTED,
    /** The rollout undid itself: traffic is back on the previous version. */
    ROLLED_BACK,
    /** The rollout ended otherwise: refused, stopped, or it could not finish. */
    FAILED;

    /** {@code approval}, {@code decision}, {@code promoted}, {@code rolled-back}, {@code failed}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Reads a word as {@link #word()} writes it; {@code rollback} is taken for {@code rolled-back}. */
    public static NotifyOn parse(String text) {
        String word = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (word.equals("rollback")) {
            return ROLLED_BACK;
        }
        for (NotifyOn on : values()) {
            if (on.word().equals(word)) {
                return on;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a moment to notify on; use "
                + Arrays.stream(values()).map(NotifyOn::word).collect(Collectors.joining(", ")));
    }
}
