package io.jenkins.plugins.progressive.engine.analysis;

import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusQueries;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult.Failure;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult.FailureKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks Prometheus every query a rollout's metric gates will ask, once, before the rollout writes anything: "nothing
 * can be measured" must mean "nothing is deployed", not "deployed, then rolled back at the first gate". Each query
 * is rendered exactly as the gates render it (the same placeholders, the version and, for comparative and judged
 * checks, the baseline side too; the request count of a minimum-traffic guard) and sent as one instant query. All of
 * them are sent at once, each bounded by {@link PreflightPolicy#timeout()}, so that is the bound of the whole
 * preflight. Identical queries are sent once.
 *
 * <p>What an answer means here:
 * <ul>
 *   <li>any answer, including an empty one ("no data yet": the new version is not running) — fine;</li>
 *   <li>Prometheus rejects the query (400 {@code bad_data}), any other 4xx but 401/403, or an answer a check cannot
 *       use (a range vector, not a Prometheus response) — the query is wrong: {@link Result#rejected()};</li>
 *   <li>unreachable, no answer in time, 401/403, 5xx, a redirect, or no Prometheus configured — the gates cannot
 *       measure: {@link Result#unmeasurable()}, which the policy may allow.</li>
 * </ul>
 */
public final class GatePreflight {

    private static final int SHOWN = 3;
    private static final int QUERY_EXCERPT = 160;
    // Every HTTP_ERROR message of QueryResponses starts so; the preflight needs the status class.
    private static final Pattern HTTP_STATUS = Pattern.compile("^HTTP (\\d{3})\\b");

    private GatePreflight() {
    }

    /**
     * One analysis of a rollout: where the step's parameters declare it, its plan, and the versions it will judge.
     *
     * @param path the parameter path, e.g. {@code analysis} or {@code steps[2].analysis}; or, when
     *     {@code parameter} is false, a description of gates the user did not write out
     * @param plan the gates
     * @param target the values of the placeholders; the baseline side is asked when the target has one
     * @param parameter whether {@code path} is a parameter path (check labels become {@code path.checks.NAME.query})
     */
    public record Gates(String path, AnalysisPlan plan, AnalysisTarget target, boolean parameter) {
        public Gates {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(plan, "plan");
            Objects.requireNonNull(target, "target");
        }

        /** Gates the step's parameters declare at {@code path}. */
        public static Gates at(String path, AnalysisPlan plan, AnalysisTarget target) {
            return new Gates(path, plan, target, true);
        }

        /** Gates the user did not write out (a shorthand's defaults), described in words. */
        public static Gates described(String description, AnalysisPlan plan, AnalysisTarget target) {
            return new Gates(description, plan, target, false);
        }

        String label(String check) {
            return parameter ? path + ".checks." + check + ".query" : "check '" + check + "' of " + path;
        }

        String requestCountLabel() {
            return parameter ? path + ".requestCountQuery" : "the request count of " + path;
        }
    }

    /** A query as sent, and which parameters it comes from (several gates may share one query). */
    public record Query(String promql, List<String> labels) {
        public Query {
            labels = List.copyOf(labels);
        }
    }

    /** A query whose answer was not usable. */
    public record Finding(Query query, Failure failure) {
    }

    /**
     * What the preflight found.
     *
     * @param asked the queries sent
     * @param empty how many of them matched no series (fine: no data yet)
     * @param rejected queries Prometheus rejected: the rollout is refused whatever the policy
     * @param unmeasurable queries that could not be asked: refused unless the policy allows it
     */
    public record Result(List<Query> asked, int empty, List<Finding> rejected, List<Finding> unmeasurable) {
        public Result {
            asked = List.copyOf(asked);
            rejected = List.copyOf(rejected);
            unmeasurable = List.copyOf(unmeasurable);
        }

        public boolean clean() {
            return rejected.isEmpty() && unmeasurable.isEmpty();
        }

        /** Why the rollout must not start under {@code policy}, or null when it may. */
        public String refusal(PreflightPolicy policy) {
            if (!rejected.isEmpty()) {
                List<String> each = new ArrayList<>();
                for (Finding finding : rejected.subList(0, Math.min(SHOWN, rejected.size()))) {
                    each.add(finding.query().labels().get(0) + ": " + finding.failure().message() + " (sent: "
                            + excerpt(finding.query().promql()) + ")");
                }
                return "metric gate preflight: Prometheus rejected " + String.join("; ", each)
                        + more(rejected.size()) + ". Nothing was changed";
            }
            if (!unmeasurable.isEmpty() && !policy.allowUnmeasured()) {
                return "metric gate preflight: " + cause() + ", so the metric gates (" + labels() + ") cannot "
                        + "measure. Nothing was changed: a release that cannot be measured is not deployed. Repair "
                        + "the cluster's Prometheus connection, or set preflight: [allowUnmeasured: true] to deploy "
                        + "with gates that may stay inconclusive";
            }
            return null;
        }

        /** The loud line for a rollout that goes ahead although its gates cannot measure, or null. */
        public String warning(PreflightPolicy policy) {
            if (!policy.allowUnmeasured() || !rejected.isEmpty()) {
                return null;
            }
            if (unmeasurable.isEmpty()) {
                return "metric gate preflight: allowUnmeasured is set, but Prometheus answered every gate query; "
                        + "remove it, so that the next release is refused rather than deployed unmeasured when "
                        + "Prometheus is down";
            }
            return "DEPLOYING WITH METRIC GATES THAT CANNOT MEASURE (preflight: [allowUnmeasured: true]): " + cause()
                    + ". The gates (" + labels() + ") still run; while they cannot measure they are inconclusive, "
                    + "and inconclusive gates stop the rollout as configured";
        }

        /** One line for a clean preflight, for the log. */
        public String summary() {
            return "metric gate preflight: Prometheus accepted " + (asked.size() == 1 ? "the gate query"
                    : "all " + asked.size() + " gate queries") + (empty == 0 ? "" : " (" + empty
                    + (empty == 1 ? " has" : " have") + " no data yet)");
        }

        private String cause() {
            Failure first = unmeasurable.get(0).failure();
            String what = switch (first.kind()) {
                case UNAUTHORIZED -> "Prometheus refused the credentials";
                case TIMEOUT -> "Prometheus did not answer in time";
                case HTTP_ERROR -> "Prometheus answered with an error";
                default -> "Prometheus cannot be reached";
            };
            return what + " (" + first.message() + ")";
        }

        private String labels() {
            List<String> all = unmeasurable.stream().flatMap(f -> f.query().labels().stream()).distinct().toList();
            return String.join(", ", all.subList(0, Math.min(SHOWN, all.size()))) + more(all.size());
        }
    }

    /** The queries the gates will ask, rendered for their targets, identical ones merged, in plan order. */
    public static List<Query> render(List<Gates> gates) {
        Map<String, List<String>> queries = new LinkedHashMap<>();
        for (Gates set : gates) {
            Map<String, String> version = set.target().placeholders(set.plan());
            Map<String, String> baseline = set.target().baseline().map(b -> b.placeholders(set.plan())).orElse(null);
            for (MetricCheck check : set.plan().checks()) {
                String label = set.label(check.name());
                add(queries, check.query().resolve(version), label);
                if (check.condition().isComparative() && baseline != null) {
                    add(queries, check.query().resolve(baseline), label + " (baseline side)");
                }
                if (check.minRequests() > 0) {
                    add(queries, set.plan().requestCountQuery().resolve(version), set.requestCountLabel());
                }
            }
        }
        List<Query> out = new ArrayList<>();
        queries.forEach((promql, labels) -> out.add(new Query(promql, labels)));
        return out;
    }

    /**
     * Sends every query once, at {@code time}; completes within the policy's timeout, never exceptionally.
     *
     * @param prometheus the gates' Prometheus; null when the cluster has none (every query is then unmeasurable)
     */
    public static CompletableFuture<Result> check(List<Gates> gates, PrometheusQueries prometheus,
            PreflightPolicy policy, Instant time) {
        List<Query> queries = render(gates);
        if (prometheus == null) {
            Failure none = new Failure(FailureKind.UNREACHABLE, "no Prometheus is configured for this cluster");
            return CompletableFuture.completedFuture(new Result(queries, 0, List.of(),
                    queries.stream().map(q -> new Finding(q, none)).toList()));
        }
        long millis = policy.timeout().toMillis();
        List<CompletableFuture<QueryResult>> answers = new ArrayList<>();
        for (Query query : queries) {
            CompletableFuture<QueryResult> answer;
            try {
                answer = prometheus.query(query.promql(), time);
            } catch (RuntimeException e) {
                answer = CompletableFuture.completedFuture(new Failure(FailureKind.UNREACHABLE,
                        "the query could not be sent: " + e.getClass().getSimpleName()));
            }
            answers.add(answer.exceptionally(e -> new Failure(FailureKind.UNREACHABLE, "the query failed: "
                    + e.getClass().getSimpleName())).completeOnTimeout(new Failure(FailureKind.TIMEOUT,
                    "no answer within " + millis + " ms"), millis, TimeUnit.MILLISECONDS));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            int empty = 0;
            List<Finding> rejected = new ArrayList<>();
            List<Finding> unmeasurable = new ArrayList<>();
            for (int i = 0; i < queries.size(); i++) {
                QueryResult answer = answers.get(i).join();
                switch (classify(answer)) {
                    case EMPTY -> empty++;
                    case REJECTED -> rejected.add(new Finding(queries.get(i), (Failure) answer));
                    case UNMEASURABLE -> unmeasurable.add(new Finding(queries.get(i), (Failure) answer));
                    case ANSWERED -> { }
                }
            }
            return new Result(queries, empty, rejected, unmeasurable);
        });
    }

    /** What one answer means for the preflight. */
    enum Answer { ANSWERED, EMPTY, REJECTED, UNMEASURABLE }

    static Answer classify(QueryResult result) {
        if (result instanceof QueryResult.Success success) {
            return success.samples().isEmpty() ? Answer.EMPTY : Answer.ANSWERED;
        }
        if (result instanceof QueryResult.Range range) {
            return range.series().isEmpty() ? Answer.EMPTY : Answer.ANSWERED;
        }
        Failure failure = (Failure) result;
        return switch (failure.kind()) {
            case BAD_QUERY, BAD_RESPONSE -> Answer.REJECTED;
            case UNAUTHORIZED, UNREACHABLE, TIMEOUT -> Answer.UNMEASURABLE;
            case HTTP_ERROR -> {
                int status = status(failure.message());
                // 4xx (404 wrong path, 405, 422 execution error, ...) is about the request: waiting will not help.
                yield status >= 400 && status < 500 ? Answer.REJECTED : Answer.UNMEASURABLE;
            }
        };
    }

    private static int status(String message) {
        Matcher matcher = HTTP_STATUS.matcher(message);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    private static void add(Map<String, List<String>> queries, String promql, String label) {
        List<String> labels = queries.computeIfAbsent(promql, q -> new ArrayList<>());
        if (!labels.contains(label)) {
            labels.add(label);
        }
    }

    private static String excerpt(String promql) {
        String flat = promql.replaceAll("\\s+", " ").strip();
        return flat.length() <= QUERY_EXCERPT ? flat : flat.substring(0, QUERY_EXCERPT) + "…";
    }

    private static String more(int total) {
        return total > SHOWN ? " and " + (total - SHOWN) + " more" : "";
    }
}
