package io.jenkins.plugins.progressive.engine.campaign;

import io.jenkins.plugins.progressive.sandbox.api.ApiFault;
import io.jenkins.plugins.progressive.sandbox.api.ApiFaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * The API faults one campaign run suffers: a few episodes, each one fault (kind, request class, object kind, how many
 * requests) injected at a random moment of the run, confined to the run's namespace so concurrent runs do not disturb
 * each other. Drawn from the run's seed only, so a seed replays the same schedule (the moment a fault meets a request
 * still depends on timing: the replay is of the schedule, not of the interleaving).
 */
record FaultSchedule(List<Episode> episodes) {

    /** The longest a fault waits before it is injected: a run writes most in its first seconds. */
    private static final int LATEST_MILLIS = 2_500;
    /** What a fault hits; null is any object of the namespace. Weighted toward what every strategy reads and writes. */
    private static final String[] OBJECTS = {null, null, null, "deployments", "deployments", "statefulsets",
        "replicasets", "services", "pods", "leases", "ingresses", "httproutes", "virtualservices"};
    /** Weighted as the engine's requests are: mostly reads and patches. */
    private static final String[] READ_OR_WRITE = {"GET", "GET", "GET", "PATCH", "PATCH", "PATCH", "PUT", "POST", "DELETE",
        null, null};
    private static final String[] WRITES = {"PATCH", "PUT", "POST"};
    private static final int[] SERVER_ERRORS = {500, 502, 503, 504};

    /** One fault, injected {@code atMillis} after the run starts. */
    record Episode(long atMillis, ApiFault fault) {
        @Override
        public String toString() {
            return "+" + atMillis + "ms " + fault.kind() + " " + (fault.method() == null ? "*" : fault.method()) + " "
                    + fault.path().pattern() + (fault.status() == 0 ? "" : " " + fault.status()) + " x" + fault.times();
        }
    }

    /**
     * @param client the request timeout of the client under test: a slow answer is made to outlast it
     */
    static FaultSchedule random(RandomGenerator random, String namespace, Duration clientTimeout) {
        int count = 4 + random.nextInt(9);
        List<Episode> episodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long at = random.nextInt(LATEST_MILLIS);
            String object = OBJECTS[random.nextInt(OBJECTS.length)];
            String path = ".*/namespaces/" + namespace + "/" + (object == null ? ".*" : object + "(/.*)?");
            int roll = random.nextInt(100);
            ApiFault fault;
            if (roll < 25) {
                fault = ApiFault.error(pick(random, READ_OR_WRITE), path, SERVER_ERRORS[random.nextInt(SERVER_ERRORS.length)],
                        1 + random.nextInt(5));
            } else if (roll < 35) {
                fault = ApiFault.error(pick(random, WRITES), path, 409, 1 + random.nextInt(3));
            } else if (roll < 50) {
                fault = ApiFault.tooManyRequests(pick(random, READ_OR_WRITE), path, Duration.ofSeconds(1 + random.nextInt(2)),
                        1 + random.nextInt(3));
            } else if (roll < 60) {
                fault = ApiFault.slow(pick(random, READ_OR_WRITE), path,
                        clientTimeout.plusMillis(500 + random.nextInt(1500)), 1 + random.nextInt(2));
            } else if (roll < 75) {
                fault = ApiFault.resetMidBody(pick(random, READ_OR_WRITE), path, 1 + random.nextInt(3));
            } else if (roll < 90) {
                fault = ApiFault.watchClosed(path, Duration.ofMillis(100 + random.nextInt(3000)), 1 + random.nextInt(3));
            } else {
                fault = ApiFault.watchSilent(path, 1 + random.nextInt(2));
            }
            episodes.add(new Episode(at, fault));
        }
        episodes.sort(java.util.Comparator.comparingLong(Episode::atMillis));
        return new FaultSchedule(List.copyOf(episodes));
    }

    private static String pick(RandomGenerator random, String[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** Injects each episode at its moment from now; cancel the returned futures to stop what has not started. */
    List<ScheduledFuture<?>> arm(ApiFaults faults, ScheduledExecutorService timer) {
        return episodes.stream().<ScheduledFuture<?>>map(e -> timer.schedule(() -> faults.inject(e.fault()), e.atMillis(),
                TimeUnit.MILLISECONDS)).toList();
    }

    @Override
    public String toString() {
        return episodes.toString();
    }
}
