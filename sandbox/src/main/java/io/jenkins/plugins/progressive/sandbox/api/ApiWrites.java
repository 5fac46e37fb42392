package io.jenkins.plugins.progressive.sandbox.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Every write (POST, PUT, PATCH, DELETE) the sandbox API server received from a client other than its own control
 * plane, in arrival order, with its answer, so a test can say "this refusal wrote nothing" by counting and "this write
 * changed nothing" by comparing the objects it left. Also cuts clients off after a number of writes, as if their
 * process had died right after that write ({@link #cutOffAfter}). Thread-safe.
 */
public final class ApiWrites {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    /**
     * One write: the method, the path without its query string, the client's {@code User-Agent} (empty when it sent
     * none), so a test with two engines can tell whose write it was, the answer's status code (0 when the client was
     * cut off before it), and the answer's body when it succeeded: the object as the write left it (for a DELETE, the
     * deleted object or a Status).
     */
    public record Write(String method, String path, String agent, int status, String result) {

        /** Whether the server applied it (2xx). */
        public boolean applied() {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** A client to cut off: after {@code allowed} more writes, none of its requests reaches the store. */
    private static final class CutOff {
        int allowed;
        final CompletableFuture<Integer> done = new CompletableFuture<>();

        CutOff(int allowed) {
            this.allowed = allowed;
        }
    }

    private final List<Write> writes = new ArrayList<>();
    private final Map<String, CutOff> cutOffs = new HashMap<>();
    private final Map<String, Integer> writesByAgent = new HashMap<>();

    static boolean isWrite(String method) {
        return method != null && WRITES.contains(method);
    }

    synchronized void record(String method, String path, String agent, int status, String result) {
        if (isWrite(method)) {
            writes.add(new Write(method, path, agent == null ? "" : agent, status, status >= 200 && status < 300 ? result : null));
        }
    }

    /**
     * Whether a request of {@code agent} may reach the store; a write counts against the agent's cut-off, and the write
     * that uses the last allowance is admitted (it lands) and completes the cut-off's future.
     */
    synchronized boolean admit(String method, String agent) {
        CutOff cut = agent == null ? null : cutOffs.entrySet().stream().filter(e -> agent.contains(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (isWrite(method) && agent != null) {
            writesByAgent.merge(agent, 1, Integer::sum);
        }
        if (cut == null) {
            return true;
        }
        if (cut.allowed <= 0) {
            return false;
        }
        if (isWrite(method) && --cut.allowed == 0) {
            cut.done.complete(writesByAgent.getOrDefault(agent, 0));
        }
        return true;
    }

    /**
     * Cuts off the clients whose {@code User-Agent} contains {@code agent} after {@code writes} more writes (0: at
     * once): from then on every request of it is refused without reaching the store, as if the process had died
     * right after that write (the write itself lands), and answered 403, which no client retries. The future completes, with the agent's total writes, at the
     * moment of the cut.
     */
    public synchronized CompletableFuture<Integer> cutOffAfter(String agent, int writes) {
        if (agent == null || agent.isBlank() || writes < 0) {
            throw new IllegalArgumentException("agent must be named and writes >= 0, was " + agent + ", " + writes);
        }
        CutOff cut = new CutOff(writes);
        cutOffs.put(agent, cut);
        if (writes == 0) {
            cut.done.complete(writesByAgent.getOrDefault(agent, 0));
        }
        return cut.done;
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
