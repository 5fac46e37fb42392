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
import org.kohsuke.stapler.verb.GET;
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

    /** The summary's length in build.xml (see {@link #cap}). */
    static final int MAX_SUMMARY = 4_000;

    private final String id;
    private final String strategy;
    private final String target;
    private final String cluster;
    private volatile String state = "running";
    private volatile String summary = "";
    /**
     * Only in builds recorded before the snapshot moved to its own file ({@link SnapshotFile}); read, never written,
     * and moved to the file when such a build is loaded.
     */
    @Deprecated
    @CheckForNull
    private volatile String snapshotJson;
    /** The snapshot while the action is not attached to a build yet (tests), else null: the file holds it. */
    @CheckForNull
    private transient volatile String detachedSnapshot;
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

    /**
     * Adds a new action with the build's next free rollout id ({@code rollout-1}, {@code rollout-2}, …; a build may roll
     * out several). Choosing the id and adding the action is one step under the build's lock: steps of parallel
     * branches (and flag changes finishing on a pool thread) must never get the same id.
     */
    public static RolloutAction attach(Run<?, ?> run, java.util.function.Function<String, RolloutAction> create) {
        synchronized (run) {
            RolloutAction action = create.apply(RolloutIds.next(run.getActions(RolloutAction.class).stream()
                    .map(RolloutAction::getId).toList()));
            run.addAction(action);
            return action;
        }
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        run = r;
        String kept = detachedSnapshot;
        if (kept != null) {
            detachedSnapshot = null;
            file().write(kept);
        }
    }

    @Override
    @SuppressWarnings("deprecation")
    public void onLoad(Run<?, ?> r) {
        run = r;
        String legacy = snapshotJson;
        if (legacy != null) {
            // A build from before the snapshot had its own file: move it there; build.xml sheds it at its next save.
            try {
                SnapshotFile file = file();
                if (!file.exists()) {
                    file.write(legacy);
                }
                snapshotJson = null;
            } catch (RuntimeException e) {
                java.util.logging.Logger.getLogger(RolloutAction.class.getName()).log(java.util.logging.Level.WARNING,
                        "could not move the snapshot of " + id + " to its own file; it stays in build.xml", e);
            }
        }
    }

    private SnapshotFile file() {
        return new SnapshotFile(run.getRootDir().toPath(), id);
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

    /** Called by the step as the rollout moves; the caller saves the build (the snapshot goes to its own file). */
    public void update(String newState, String newSummary, @CheckForNull String json) {
        state = newState;
        summary = cap(newSummary == null ? "" : newSummary);
        if (json != null) {
            progress(json);
        }
    }

    /** The latest snapshot of a running rollout (the page's picture after a restart), written to its own file. */
    public void progress(String json) {
        if (run == null) {
            detachedSnapshot = json;
        } else {
            file().write(json);
        }
    }

    /** The snapshot kept with the build: the last one saved while running, or the final one; null if none. */
    @CheckForNull
    @SuppressWarnings("deprecation")
    public String savedSnapshot() {
        if (run == null) {
            return detachedSnapshot != null ? detachedSnapshot : snapshotJson;
        }
        String json = file().read();
        return json != null ? json : snapshotJson;
    }

    /** The summary kept in build.xml is what the build page's row shows; a long outcome message is cut. */
    static String cap(String text) {
        return text.length() <= MAX_SUMMARY ? text : text.substring(0, MAX_SUMMARY) + "… (cut; the page has it all)";
    }

    public void record(DecisionRecord decision) {
        decisions.add(decision);
    }

    /** The live rollout, while it runs on this controller. */
    public Optional<LiveRollout> live() {
        return run == null ? Optional.empty() : RolloutRuntime.get().find(run.getExternalizableId(), id);
    }

    /** Whether there is a progress view to show (rollouts have one; a flag change shows its diff instead). */
    @SuppressWarnings("deprecation")
    public boolean isProgress() {
        if (live().map(l -> l.snapshot() != null).orElse(false)) {
            return true;
        }
        return run == null ? detachedSnapshot != null || snapshotJson != null : file().exists() || snapshotJson != null;
    }

    /** The requests waiting for a decision, for the page. */
    public List<ApprovalRequest> getWaiting() {
        return live().map(LiveRollout::waiting).orElse(List.of());
    }

    /** Whether the current user may decide one of this rollout's waiting approvals (the page shows buttons then). */
    public boolean isMayDecide() {
        return live().map(l -> l.waiting().stream().anyMatch(request -> authorize(l, request).allowed())).orElse(false);
    }

    /** The progress snapshot (JSON) the page polls; 404 when this rollout records none. */
    @GET
    public HttpResponse doSnapshot() {
        run.getParent().checkPermission(Item.READ);
        Optional<LiveRollout> running = live();
        String json = running.isPresent() ? running.get().snapshotJson(gate -> running.get().waiting(gate)
                .map(request -> authorize(running.get(), request).allowed()).orElse(false)) : savedSnapshot();
        return json == null ? HttpResponses.errorWithoutStack(404, "this rollout has no progress snapshot")
                : HttpResponses.text(json);
    }

    /** The renderer's scripts and style sheet, served from the engine jar (no inline script: CSP). */
    @GET
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
        ApprovalRequest request = live.waiting(id).orElseThrow(() -> HttpResponses.errorWithoutStack(409,
                "approval " + id + " is not waiting (already decided or timed out)"));
        ApproverPolicy.Verdict verdict = authorize(live, request);
        if (!verdict.allowed()) {
            throw HttpResponses.errorWithoutStack(403, verdict.reason());
        }
        String user = Jenkins.getAuthentication2().getName();
        if (!live.decide(id, "approve".equals(decision), user, comment == null ? "" : comment.strip())) {
            throw HttpResponses.errorWithoutStack(409, "approval " + id + " is not waiting (already decided or timed out)");
        }
        return HttpResponses.redirectToDot();
    }

    /** Whether the current user may decide this request: its own approvers, the cluster's rules on top. */
    private ApproverPolicy.Verdict authorize(LiveRollout live, ApprovalRequest request) {
        Jenkins jenkins = Jenkins.get();
        Authentication auth = Jenkins.getAuthentication2();
        List<String> groups = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
        ApproverPolicy.Approver who = new ApproverPolicy.Approver(auth.getName(), groups,
                jenkins.hasPermission(Jenkins.ADMINISTER), run.getParent().hasPermission(Item.BUILD));
        return live.authorize(who, request,
                (a, b) -> jenkins.getSecurityRealm().getUserIdStrategy().equals(a, b),
                (a, b) -> jenkins.getSecurityRealm().getGroupIdStrategy().equals(a, b));
    }
}
