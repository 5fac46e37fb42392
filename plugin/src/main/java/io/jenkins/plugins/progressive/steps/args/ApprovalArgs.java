package io.jenkins.plugins.progressive.steps.args;

import io.jenkins.plugins.progressive.engine.approval.ApprovalRequest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code approval: [approvers: ['release-managers', 'alice'], timeout: '4h', onTimeout: 'REJECTED', title: '…']}.
 * Approvers are user ids or group names, as the input step's {@code submitter}; empty means whoever may build the
 * job (and administrators always).
 */
public final class ApprovalArgs {
    private ApprovalArgs() {}

    /** @return the request, or null when {@code value} is null */
    public static ApprovalRequest of(String path, Object value, String id, String defaultTitle, List<String> defaultApprovers) {
        if (value == null) {
            return null;
        }
        Args args = Args.of(path, value).only("approvers", "timeout", "onTimeout", "title");
        List<String> approvers = args.has("approvers") ? args.strings("approvers") : defaultApprovers;
        Duration timeout = args.has("timeout") ? args.duration("timeout") : Duration.ZERO;
        ApprovalRequest.Decision onTimeout = ApprovalRequest.Decision.REJECTED;
        if (args.has("onTimeout")) {
            String text = args.requiredString("onTimeout").toUpperCase(Locale.ROOT);
            if (!text.equals("APPROVED") && !text.equals("REJECTED")) {
                throw new StepArgumentException(args.path("onTimeout"), "must be APPROVED or REJECTED, was '"
                        + args.string("onTimeout") + "'");
            }
            onTimeout = ApprovalRequest.Decision.valueOf(text);
        }
        String title = args.has("title") ? args.requiredString("title") : defaultTitle;
        return new ApprovalRequest(id, title, List.of(), approvers, timeout, onTimeout);
    }
}
