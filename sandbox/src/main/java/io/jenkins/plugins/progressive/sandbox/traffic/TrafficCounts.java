package io.jenkins.plugins.progressive.sandbox.traffic;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What a {@link LoadGenerator} sent and got back, counted per (population, version, status code),
 * so a test can compare observed shares with route weights without asking Prometheus.
 *
 * <p>Version {@value #UNROUTED} counts requests that routing could not place (status 404/500/503,
 * as a proxy would answer); code 0 counts requests that failed on the wire (pod gone meanwhile).
 *
 * @param counts  requests per key
 * @param dropped requests not sent because {@link LoadSpec#maxInFlight()} were waiting already
 */
public record TrafficCounts(Map<Key, Long> counts, long dropped) {

    /** Version of requests that no pod received. */
    public static final String UNROUTED = "none";

    public TrafficCounts {
        counts = Map.copyOf(Objects.requireNonNull(counts, "counts must not be null"));
    }

    /** One cell of the counts. */
    public record Key(String population, String version, int code) {
        public Key {
            Objects.requireNonNull(population, "population must not be null");
            Objects.requireNonNull(version, "version must not be null");
        }
    }

    /** Requests counted (answered, unroutable or failed), without the dropped ones. */
    public long total() {
        return sum(k -> true);
    }

    /** Requests that reached {@code version}. */
    public long count(String version) {
        return sum(k -> k.version().equals(version));
    }

    /** Requests that reached {@code version} and got {@code code}. */
    public long count(String version, int code) {
        return sum(k -> k.version().equals(version) && k.code() == code);
    }

    /** Share of {@link #total()} that reached {@code version}; 0 when nothing was counted. */
    public double share(String version) {
        long total = total();
        return total == 0 ? 0.0 : (double) count(version) / total;
    }

    /** Share of {@link #total()} answered with a 5xx. */
    public double errorRatio() {
        long total = total();
        return total == 0 ? 0.0 : (double) sum(k -> k.code() >= 500) / total;
    }

    /** Requests per version. */
    public Map<String, Long> byVersion() {
        return counts.entrySet().stream().collect(Collectors.groupingBy(e -> e.getKey().version(), TreeMap::new,
                Collectors.summingLong(Map.Entry::getValue)));
    }

    /** Only the requests of one population ({@link UserPopulation#DEFAULT_NAME} for the rest). */
    public TrafficCounts population(String name) {
        return new TrafficCounts(counts.entrySet().stream().filter(e -> e.getKey().population().equals(name))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), 0);
    }

    private long sum(Predicate<Key> filter) {
        return counts.entrySet().stream().filter(e -> filter.test(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    @Override
    public String toString() {
        return "TrafficCounts" + new TreeMap<>(counts.entrySet().stream().collect(Collectors.toMap(
                e -> e.getKey().population() + "/" + e.getKey().version() + "/" + e.getKey().code(),
                Map.Entry::getValue))) + (dropped > 0 ? " dropped=" + dropped : "");
    }
}
