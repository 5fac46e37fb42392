package io.jenkins.plugins.progressive.sandbox.traffic;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link LoadGenerator} sends: requests per second to one service of one namespace, split
 * into user populations.
 *
 * @param namespace         namespace of the service
 * @param service           name of the Service (the "host" routing objects refer to)
 * @param requestsPerSecond rate, above 0 and at most 2000
 * @param populations       user populations; their shares add up to at most 1, names are unique
 * @param path              request path, starting with '/'
 * @param maxInFlight       requests waiting for an answer at most; more are counted as dropped
 * @param seed              seed of the random choices (population, weights, pod), for repeatable runs
 */
public record LoadSpec(String namespace, String service, double requestsPerSecond, List<UserPopulation> populations,
                       String path, int maxInFlight, long seed) {

    static final double MAX_RATE = 2000;

    public LoadSpec {
        requireName(namespace, "namespace");
        requireName(service, "service");
        requireRate(requestsPerSecond);
        populations = List.copyOf(Objects.requireNonNull(populations, "populations must not be null"));
        double shares = populations.stream().mapToDouble(UserPopulation::share).sum();
        if (shares > 1.0 + 1e-9) {
            throw new IllegalArgumentException("populations: shares must add up to at most 1, was " + shares);
        }
        Set<String> names = new HashSet<>();
        populations.forEach(p -> {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("populations: name '" + p.name() + "' is used twice");
            }
        });
        Objects.requireNonNull(path, "path must not be null");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/', was '" + path + "'");
        }
        if (maxInFlight < 1 || maxInFlight > 10_000) {
            throw new IllegalArgumentException("maxInFlight must be between 1 and 10000, was " + maxInFlight);
        }
    }

    /** 50 requests/second by default, no populations, path {@code /}, at most 200 in flight. */
    public static LoadSpec of(String namespace, String service) {
        return of(namespace, service, 50);
    }

    /** Defaults as {@link #of(String, String)} with another rate. */
    public static LoadSpec of(String namespace, String service, double requestsPerSecond) {
        return new LoadSpec(namespace, service, requestsPerSecond, List.of(), "/", 200, System.nanoTime());
    }

    /** The same load, split into these user populations. */
    public LoadSpec withPopulations(UserPopulation... newPopulations) {
        return new LoadSpec(namespace, service, requestsPerSecond, List.of(newPopulations), path, maxInFlight, seed);
    }

    /** The same load to another request path. */
    public LoadSpec withPath(String newPath) {
        return new LoadSpec(namespace, service, requestsPerSecond, populations, newPath, maxInFlight, seed);
    }

    /** The same load with another limit of requests waiting for an answer. */
    public LoadSpec withMaxInFlight(int newMaxInFlight) {
        return new LoadSpec(namespace, service, requestsPerSecond, populations, path, newMaxInFlight, seed);
    }

    /** The same load with a fixed seed, for repeatable choices. */
    public LoadSpec withSeed(long newSeed) {
        return new LoadSpec(namespace, service, requestsPerSecond, populations, path, maxInFlight, newSeed);
    }

    static void requireRate(double requestsPerSecond) {
        if (!(requestsPerSecond > 0 && requestsPerSecond <= MAX_RATE)) {
            throw new IllegalArgumentException("requestsPerSecond must be above 0 and at most " + MAX_RATE
                    + ", was " + requestsPerSecond);
        }
    }

    private static void requireName(String value, String parameter) {
        Objects.requireNonNull(value, parameter + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(parameter + " must not be blank");
        }
    }
}
