package io.jenkins.plugins.progressive.rollout;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.AbortException;
import hudson.ProxyConfiguration;
import hudson.model.Run;
import io.jenkins.plugins.progressive.engine.notify.RolloutSubject;
import io.jenkins.plugins.progressive.engine.notify.WebhookNotifier;
import io.jenkins.plugins.progressive.steps.args.NotifyArgs.NotifySettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.function.Consumer;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * The step's {@code notify} settings turned into the engine's {@link WebhookNotifier}: the webhook URL comes from a
 * Secret text credential resolved for the build (folder credentials and credential parameters apply), and no
 * message ever shows it — a Slack or Teams webhook URL is the key to the channel.
 */
public final class RolloutNotifications {

    private RolloutNotifications() {}

    /**
     * The webhook of the settings, or null without settings.
     *
     * @throws AbortException naming {@code notify.credentialsId} when the credential is missing or is no http(s) URL
     */
    public static URI webhook(NotifySettings settings, Run<?, ?> run) throws AbortException {
        if (settings == null) {
            return null;
        }
        String id = settings.credentialsId();
        StringCredentials credential = CredentialsProvider.findCredentialById(id, StringCredentials.class, run, List.of());
        if (credential == null) {
            throw new AbortException("notify.credentialsId: no Secret text credentials with id " + id
                    + " are visible to this build");
        }
        String secret = credential.getSecret().getPlainText().strip();
        try {
            URI webhook = new URI(secret);
            String scheme = webhook.getScheme() == null ? "" : webhook.getScheme().toLowerCase(java.util.Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http")) && webhook.getHost() != null) {
                return webhook;
            }
        } catch (URISyntaxException e) {
            // reported below, without the value
        }
        throw new AbortException("notify.credentialsId: the secret of " + id + " is not an http(s) URL");
    }

    /** The notifier for one rollout of a build. */
    public static WebhookNotifier notifier(URI webhook, NotifySettings settings, PlannedRollout.Strategy strategy,
            String cluster, PlannedRollout planned, Run<?, ?> run, String pageUrl, RolloutRuntime runtime,
            Consumer<String> problems) {
        List<String> workload = planned.workload();
        RolloutSubject subject = new RolloutSubject(strategy.functionName(), cluster, workload.get(0), workload.get(1),
                run.getFullDisplayName());
        // A chat webhook is on the internet: reached through Jenkins' HTTP proxy, unless its host is a no-proxy host.
        return new WebhookNotifier(webhook, settings.on(), subject, pageUrl, runtime.clock(), runtime.scheduler(),
                problems, ProxyConfiguration::newHttpClientBuilder);
    }
}
