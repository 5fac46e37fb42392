package io.jenkins.plugins.progressive.rollout;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Item;
import hudson.model.Run;
import io.jenkins.plugins.progressive.engine.approval.ApprovalRequest;
import io.jenkins.plugins.progressive.engine.progress.report.RolloutReport;
import java.io.Serializable;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import jenkins.model.Jenkins;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * One rollout of a build ({@code /job/J/N/rollout-1/}): a row on the build page, a page with the live progress view,
 * the snapshot it polls, and the Approve/Reject handler. While the rollout runs it reads the {@link LiveRollout};
 * afterwards, and after a restart, what was saved on the build: the last snapshot and the decisions taken.
 */
public final class RolloutAction implements RunAction2 {
    private static final Map<String, String> ASSETS = Map.of(
            "rollout-charts.js", RolloutReport.SCRIPTS.get(0),
            "rollout-progress.js", RolloutReport.SCRIPTS.get(1),
            "rollout-progress.css", RolloutReport.STYLE);

    private final String id;
    private final String strategy;
    private final String target;
    private final String cluster;
    private volatile String state = "running";
    private volatile String summary = "";
    @CheckForNull
    private volatile String snapshotJson;
    /** Copy-on-write, as the input step keeps its ids: the build's XML writer and the page read it while a gate adds. */
    private final List<DecisionRecord> decisions = new CopyOnWriteArrayList<>();
    private transient Run<?, ?> run;

    /** An approval decision as kept on the build (plain fields: the build's XML must read back without records). */
    public static final class DecisionRecord implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String gate;
        private final String title;
        private final boolean approved;
        private final String by;
        private final String comment;
        private final long at;

        public DecisionRecord(String gate, String title, boolean approved, String by, String comment, long at) {
            this.gate = gate;
            this.title = title;
            this.approved = approved;
            this.by = by;
            this.comment = comment;
            this.at = at;
        }

        public String getGate() {
            return gate;
        }

        public String getTitle() {
            return title;
        }

        public boolean isApproved() {
            return approved;
        }

        public String getBy() {
            return by;
        }

        public String getComment() {
            return comment;
        }

        public long getAt() {
            return at;
        }
    }

    public RolloutAction(String id, String strategy, String target, String cluster) {
        this.id = id;
        this.strategy = strategy;
        this.target = target;
        this.cluster = cluster;
    }

    /** The next free rollout id of a build: {@code rollout-1}, {@code rollout-2}, … (a build may roll out several). */
    public static String nextId(Run<?, ?> run) {
        int highest = 0;
        for (RolloutAction action : run.getActions(RolloutAction.class)) {
            highest = Math.max(highest, Integer.parseInt(action.id.substring("rollout-".length())));
        }
        return "rollout-" + (highest + 1);
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    public String getId() {
        return id;
    }

    public String getStrategy() {
        return strategy;
    }

    public String getTarget() {
        return target;
    }

    public String getCluster() {
        return cluster;
    }

    public String getState() {
        return state;
    }

    public String getSummary() {
        return summary;
    }

    /** The summary's first line, for the row on the build page (the page shows it whole). */
    public String getHeadline() {
        int end = summary.indexOf('\n');
        return end < 0 ? summary : summary.substring(0, end);
    }

    public List<DecisionRecord> getDecisions() {
        return List.copyOf(decisions);
    }

    @Override
    public String getIconFileName() {
        return "symbol-analytics";
    }

    @Override
    public String getDisplayName() {
        return "Rollout: " + target;
    }

    @Override
    public String getUrlName() {
        return id;
    }

    /** Called by the step as the rollout moves; the caller saves the build. */
    public void update(String newState, String newSummary, @CheckForNull String json) {
        state = newState;
        summary = newSummary == null ? "" : newSummary;
        if (json != null) {
            snapshotJson = json;
        }
    }

    /** The latest snapshot of a running rollout (the page's picture after a restart); the caller saves the build. */
    public void progress(String json) {
        snapshotJson = json;
    }

    /** The snapshot kept on the build: the last one saved while running, or the final one. */
    @CheckForNull
    public String savedSnapshot() {
        return snapshotJson;
    }

    public void record(DecisionRecord decision) {
        decisions.add(decision);
    }

    /** The live rollout, while it runs on this controller. */
    public Optional<LiveRollout> live() {
        return run == null ? Optional.empty() : RolloutRuntime.get().find(run.getExternalizableId(), id);
    }

    /** Whether there is a progress view to show (rollouts have one; a flag change shows its diff instead). */
    public boolean isProgress() {
        return snapshotJson != null || live().map(l -> l.snapshot() != null).orElse(false);
    }

    /** The requests waiting for a decision, for the page. */
    public List<ApprovalRequest> getWaiting() {
        return live().map(LiveRollout::waiting).orElse(List.of());
    }

    /** Whether the current user may decide this rollout's approvals (the page shows the buttons only then). */
    public boolean isMayDecide() {
        return live().map(l -> authorize(l).allowed()).orElse(false);
    }

    /** The progress snapshot (JSON) the page polls; 404 when this rollout records none. */
    public HttpResponse doSnapshot() {
        String json = live().map(l -> l.snapshotJson(authorize(l).allowed())).orElse(snapshotJson);
        return json == null ? HttpResponses.errorWithoutStack(404, "this rollout has no progress snapshot")
                : HttpResponses.text(json);
    }

    /** The renderer's scripts and style sheet, served from the engine jar (no inline script: CSP). */
    public HttpResponse doAsset(@QueryParameter String name) {
        String path = name == null ? null : ASSETS.get(name);
        URL resource = path == null ? null : RolloutReport.class.getResource(path);
        return resource == null ? HttpResponses.errorWithoutStack(404, "no such asset") : HttpResponses.staticResource(resource);
    }

    /**
     * Approves or rejects a waiting gate. POST only (with the crumb, as every form); the user must be allowed by the
     * gate's {@link ApproverPolicy}.
     */
    @POST
    public HttpResponse doDecide(@QueryParameter String id, @QueryParameter String decision,
            @QueryParameter String comment) {
        run.getParent().checkPermission(Item.READ);
        LiveRollout live = live().orElseThrow(() -> HttpResponses.errorWithoutStack(409,
                "this rollout is not running on this controller any more"));
        if (!"approve".equals(decision) && !"reject".equals(decision)) {
            throw HttpResponses.errorWithoutStack(400, "decision must be approve or reject");
        }
        ApproverPolicy.Verdict verdict = authorize(live);
        if (!verdict.allowed()) {
            throw HttpResponses.errorWithoutStack(403, verdict.reason());
        }
        String user = Jenkins.getAuthentication2().getName();
        if (!live.decide(id, "approve".equals(decision), user, comment == null ? "" : comment.strip())) {
            throw HttpResponses.errorWithoutStack(409, "approval " + id + " is not waiting (already decided or timed out)");
        }
        return HttpResponses.redirectToDot();
    }

    private ApproverPolicy.Verdict authorize(LiveRollout live) {
        Jenkins jenkins = Jenkins.get();
        Authentication auth = Jenkins.getAuthentication2();
        List<String> groups = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
        ApproverPolicy.Approver who = new ApproverPolicy.Approver(auth.getName(), groups,
                jenkins.hasPermission(Jenkins.ADMINISTER), run.getParent().hasPermission(Item.BUILD));
        return live.policy().check(who, live.people(),
                (a, b) -> jenkins.getSecurityRealm().getUserIdStrategy().equals(a, b),
                (a, b) -> jenkins.getSecurityRealm().getGroupIdStrategy().equals(a, b));
    }
}
