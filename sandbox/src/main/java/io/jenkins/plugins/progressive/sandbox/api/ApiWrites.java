package io.jenkins.plugins.progressive.sandbox.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every write (POST, PUT, PATCH, DELETE) the sandbox API server received from a client other than its own control
 * plane, in arrival order, so a test can say "this refusal wrote nothing" by counting. Thread-safe.
 */
public final class ApiWrites {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    /**
     * One write: the method, the path without its query string, and the client's {@code User-Agent} (empty when it sent
     * none), so a test with two engines can tell whose write it was.
     */
    public record Write(String method, String path, String agent) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private final List<Write> writes = new ArrayList<>();

    synchronized void record(String method, String path, String agent) {
        if (method != null && WRITES.contains(method)) {
            writes.add(new Write(method, path, agent == null ? "" : agent));
        }
    }

    /** How many writes arrived so far; pass it to {@link #since} to get the ones after this moment. */
    public synchronized int mark() {
        return writes.size();
    }

    /** The writes after {@code mark}, oldest first. */
    public synchronized List<Write> since(int mark) {
        return List.copyOf(writes.subList(Math.min(mark, writes.size()), writes.size()));
    }

    /** The writes after {@code mark} to objects in {@code namespace} (their path has {@code /namespaces/NS/}). */
    public List<Write> since(int mark, String namespace) {
        String segment = "/namespaces/" + namespace + "/";
        return since(mark).stream().filter(w -> w.path().contains(segment)).toList();
    }

    /** The writes after {@code mark} from clients whose user agent contains {@code agent} (see ApiServer#newClient(String)). */
    public List<Write> since(int mark, String namespace, String agent) {
        return since(mark, namespace).stream().filter(w -> w.agent().contains(agent)).toList();
    }
}
