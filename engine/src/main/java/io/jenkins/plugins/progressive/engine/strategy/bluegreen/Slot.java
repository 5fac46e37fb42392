package io.jenkins.plugins.progressive.engine.strategy.bluegreen;

import java.util.Locale;

/** One of the two identical environments of a blue/green service. */
public enum Slot {
    BLUE,
    GREEN;

    public Slot other() {
        return this == BLUE ? GREEN : BLUE;
    }

    /** The label value and name suffix: {@code blue} or {@code green}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Slot of(String label) {
        for (Slot slot : values()) {
            if (slot.label().equals(label)) {
                return slot;
            }
        }
        return null;
    }
}
