package io.jenkins.plugins.progressive.sandbox.traffic;

import java.util.Map;
import java.util.Objects;

/**
 * A share of the generated requests that carries the same headers and cookies, e.g. the 10% of
 * users who opted into a beta ({@code x-canary: true}) or carry {@code canary=always}. Requests of no
 * population belong to {@value #DEFAULT_NAME} and carry nothing.
 *
 * @param name    name used in {@link TrafficCounts}, not {@value #DEFAULT_NAME}
 * @param share   share of all requests, from 0 to 1
 * @param headers headers every request of this population carries
 * @param cookies cookies every request of this population carries
 */
public record UserPopulation(String name, double share, Map<String, String> headers, Map<String, String> cookies) {

    /** The population of requests that belong to no configured population. */
    public static final String DEFAULT_NAME = "default";

    public UserPopulation {
        Objects.requireNonNull(name, "name must not be null");
        if (name.isBlank() || DEFAULT_NAME.equals(name)) {
            throw new IllegalArgumentException("name must not be blank or '" + DEFAULT_NAME + "', was '" + name + "'");
        }
        if (!(share >= 0.0 && share <= 1.0)) {
            throw new IllegalArgumentException("share must be between 0 and 1, was " + share);
        }
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers must not be null"));
        cookies = Map.copyOf(Objects.requireNonNull(cookies, "cookies must not be null"));
    }

    /** A population whose requests carry one header. */
    public static UserPopulation withHeader(String name, double share, String header, String value) {
        return new UserPopulation(name, share, Map.of(header, value), Map.of());
    }

    /** A population whose requests carry one cookie. */
    public static UserPopulation withCookie(String name, double share, String cookie, String value) {
        return new UserPopulation(name, share, Map.of(), Map.of(cookie, value));
    }

    TrafficRequest request(String path) {
        return TrafficRequest.of(path, headers, cookies);
    }
}
