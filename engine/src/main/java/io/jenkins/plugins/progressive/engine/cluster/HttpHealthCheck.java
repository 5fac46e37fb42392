package io.jenkins.plugins.progressive.engine.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * An HTTP GET against a Service, sent through the API server's service proxy
 * ({@code /api/v1/namespaces/NS/services/SERVICE:PORT/proxy/PATH}), so it needs no network route from Jenkins to the
 * pods, only the cluster credentials; the Service picks one of its ready pods. It passes when the answer has the
 * expected status and, if asked, a body containing a given text.
 *
 * @param service        the Service's name (a DNS label)
 * @param port           the Service port, by number ({@code 80}) or by name ({@code http})
 * @param path           the path on the pod, starting with {@code /}; may carry a query
 * @param expectedStatus the status that counts as healthy, 100..599
 * @param bodyContains   text the body must contain; {@code null} for any body
 * @param timeout        how long to wait for the answer, 1 ms to 60 s
 */
public record HttpHealthCheck(String service, String port, String path, int expectedStatus, String bodyContains,
        Duration timeout) {

    public static final int DEFAULT_STATUS = 200;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** An IANA service name, as Kubernetes requires of port names: at most 15 characters, at least one letter. */
    private static final Pattern PORT_NAME = Pattern.compile("(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern PORT_NUMBER = Pattern.compile("[0-9]{1,5}");

    public HttpHealthCheck {
        if (service == null || service.length() > 63 || !DNS_LABEL.matcher(service).matches()) {
            throw new IllegalArgumentException("service must be a Service name such as web, was " + quoted(service));
        }
        if (!isPort(port)) {
            throw new IllegalArgumentException("port must be a port number (1..65535) or a port name such as http, was "
                    + quoted(port));
        }
        if (path == null || !path.startsWith("/") || !isUriPath(path)) {
            throw new IllegalArgumentException("path must start with / and be a valid URL path such as /healthz, was "
                    + quoted(path));
        }
        if (expectedStatus < 100 || expectedStatus > 599) {
            throw new IllegalArgumentException("expectedStatus must be an HTTP status 100..599, was " + expectedStatus);
        }
        if (bodyContains != null && bodyContains.isEmpty()) {
            throw new IllegalArgumentException("bodyContains must not be empty; leave it out to accept any body");
        }
        if (timeout == null || timeout.toMillis() < 1 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout must be between 1 ms and 60 s, was " + timeout);
        }
    }

    /** A GET of {@code path} on {@code service:port} expecting 200 with any body, within 5 s. */
    public static HttpHealthCheck of(String service, String port, String path) {
        return new HttpHealthCheck(service, port, path, DEFAULT_STATUS, null, DEFAULT_TIMEOUT);
    }

    public HttpHealthCheck withExpectedStatus(int value) {
        return new HttpHealthCheck(service, port, path, value, bodyContains, timeout);
    }

    public HttpHealthCheck withBodyContains(String value) {
        return new HttpHealthCheck(service, port, path, expectedStatus, value, timeout);
    }

    public HttpHealthCheck withTimeout(Duration value) {
        return new HttpHealthCheck(service, port, path, expectedStatus, bodyContains, value);
    }

    /** How the check names itself in messages: {@code GET web:80/healthz}. */
    public String describe() {
        return "GET " + service + ":" + port + path;
    }

    private static boolean isPort(String port) {
        if (port == null) {
            return false;
        }
        if (PORT_NUMBER.matcher(port).matches()) {
            int number = Integer.parseInt(port);
            return number >= 1 && number <= 65_535;
        }
        return port.length() <= 15 && PORT_NAME.matcher(port).matches();
    }

    private static boolean isUriPath(String path) {
        try {
            URI uri = new URI("http://host" + path);
            return uri.getRawFragment() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }
}
