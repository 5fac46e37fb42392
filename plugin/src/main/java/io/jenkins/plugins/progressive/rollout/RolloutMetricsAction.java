package io.jenkins.plugins.progressive.rollout;

import hudson.Extension;
import hudson.model.RootAction;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.verb.GET;

/**
 * {@code /progressive-delivery/metrics}: the engine's own metrics (rollouts, durations, rollbacks, gate measurements)
 * in Prometheus' text format, for the operators' Prometheus. Reading needs Overall/SystemRead (a scrape job uses an
 * API token of an account that has it); there is no link in the side panel.
 */
@Extension
public final class RolloutMetricsAction implements RootAction {

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return "Progressive Delivery metrics";
    }

    @Override
    public String getUrlName() {
        return "progressive-delivery";
    }

    /** GET: reading changes nothing; the permission check keeps rollout names and results from anonymous users. */
    @GET
    public HttpResponse doMetrics() {
        Jenkins.get().checkPermission(Jenkins.SYSTEM_READ);
        return HttpResponses.text(RolloutRuntime.get().metrics().exposition());
    }
}
