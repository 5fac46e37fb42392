package io.jenkins.plugins.progressive.steps.args;

import io.jenkins.plugins.progressive.engine.notify.NotifyOn;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code notify: [credentialsId: 'release-webhook', on: ['approval', 'rolled-back', 'failed']]}: a webhook (its URL
 * kept as a Secret text credential) told about the rollout's moments; every moment when {@code on} is left out.
 */
public final class NotifyArgs {

    /**
     * @param credentialsId the Secret text credential whose secret is the webhook URL
     * @param on the moments to tell
     */
    public record NotifySettings(String credentialsId, Set<NotifyOn> on) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    private NotifyArgs() {}

    /** @return the settings, or null when {@code value} is null */
    public static NotifySettings of(Object value) {
        if (value == null) {
            return null;
        }
        Args args = Args.of("notify", value).only("credentialsId", "on");
        String credentialsId = args.requiredString("credentialsId");
        if (!args.has("on")) {
            return new NotifySettings(credentialsId, EnumSet.allOf(NotifyOn.class));
        }
        List<String> words = args.strings("on");
        if (words.isEmpty()) {
            throw new StepArgumentException(args.path("on"), "name at least one moment, or leave 'on' out for all");
        }
        Set<NotifyOn> on = EnumSet.noneOf(NotifyOn.class);
        for (int i = 0; i < words.size(); i++) {
            try {
                on.add(NotifyOn.parse(words.get(i)));
            } catch (IllegalArgumentException e) {
                throw new StepArgumentException(args.path("on") + "[" + i + "]", e.getMessage());
            }
        }
        return new NotifySettings(credentialsId, on);
    }
}
