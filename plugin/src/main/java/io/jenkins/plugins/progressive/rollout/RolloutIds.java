package io.jenkins.plugins.progressive.rollout;

import java.util.Collection;

/** Rollout ids within a build: {@code rollout-1}, {@code rollout-2}, …, the next one above the highest taken. */
final class RolloutIds {
    static final String PREFIX = "rollout-";

    private RolloutIds() {}

    static String next(Collection<String> taken) {
        int highest = 0;
        for (String id : taken) {
            if (id != null && id.startsWith(PREFIX)) {
                try {
                    highest = Math.max(highest, Integer.parseInt(id.substring(PREFIX.length())));
                } catch (NumberFormatException e) {
                    // not one of ours (hand-edited build.xml): it cannot collide with a number
                }
            }
        }
        return PREFIX + (highest + 1);
    }
}
