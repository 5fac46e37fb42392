package io.jenkins.plugins.progressive.sandbox.traffic;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.sandbox.workload.Workloads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends real HTTP requests, at a steady rate, to the pods of one Service, each to the pod that
 * {@link TrafficResolver} picks at that moment, and counts the answers per population, version and
 * status code ({@link #counts()}).
 *
 * <p>Requests go out asynchronously with at most {@link LoadSpec#maxInFlight()} waiting; no thread
 * per request. Routing objects are re-read every {@value #REFRESH_MILLIS} ms.
 *
 * <pre>{@code
 * try (LoadGenerator load = LoadGenerator.start(client, workloads, LoadSpec.of("shop", "web", 50)
 *         .withPopulations(UserPopulation.withHeader("beta", 0.1, "x-canary", "true")))) {
 *     ...
 *     double canaryShare = load.counts().share("v2");
 * }
 * }</pre>
 */
public final class LoadGenerator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);

    static final long REFRESH_MILLIS = 250;
    private static final long TICK_MILLIS = 10;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final LoadSpec spec;
    private final TrafficResolver resolver;
    private final Random random;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService httpThreads;
    private final HttpClient http;
    private final Semaphore inFlight;
    /** Replaced by {@link #resetCounts()}; a request counts into the tally current when it was routed. */
    private volatile Tally tally = new Tally();
    // Pace: requests due = issuedAtBaseline + elapsed since baseline * rate (only the tick thread writes).
    private volatile double rate;
    private long baselineNanos;
    private long issuedAtBaseline;
    private long issued;

    private LoadGenerator(LoadSpec spec, TrafficResolver resolver) {
        this.spec = spec;
        this.resolver = resolver;
        this.random = new Random(spec.seed());
        this.rate = spec.requestsPerSecond();
        this.inFlight = new Semaphore(spec.maxInFlight());
        this.scheduler = Executors.newScheduledThreadPool(2, daemonThreads("load-" + spec.service()));
        this.httpThreads = Executors.newFixedThreadPool(2, daemonThreads("load-http-" + spec.service()));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpThreads)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    /**
     * Starts sending to Service {@code spec.service()} of {@code spec.namespace()}.
     *
     * @param client    client of the API server with the Services and routing objects
     * @param workloads the pods that answer
     */
    public static LoadGenerator start(KubernetesClient client, Workloads workloads, LoadSpec spec) {
        Objects.requireNonNull(spec, "spec must not be null");
        return start(new TrafficResolver(client, workloads, spec.namespace(), spec.service()), spec);
    }

    static LoadGenerator start(TrafficResolver resolver, LoadSpec spec) {
        LoadGenerator generator = new LoadGenerator(spec, resolver);
        generator.baselineNanos = System.nanoTime();
        generator.scheduler.scheduleAtFixedRate(guarded(generator::tick), 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        generator.scheduler.scheduleWithFixedDelay(guarded(resolver::refresh), REFRESH_MILLIS, REFRESH_MILLIS,
                TimeUnit.MILLISECONDS);
        return generator;
    }

    /** Counts since the start or the last {@link #resetCounts()}. */
    public TrafficCounts counts() {
        Tally current = tally;
        return new TrafficCounts(current.counts.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum())), current.dropped.sum());
    }

    /**
     * Forgets the counts; answers to requests routed before the reset are not counted either. After a
     * routing change, call {@code resolver().refresh()} and then this, and every request counted
     * afterwards was routed by the new objects.
     */
    public void resetCounts() {
        tally = new Tally();
    }

    /** Changes the rate from now on. */
    public void setRequestsPerSecond(double requestsPerSecond) {
        LoadSpec.requireRate(requestsPerSecond);
        scheduler.execute(() -> {
            tick();
            baselineNanos = System.nanoTime();
            issuedAtBaseline = issued;
            rate = requestsPerSecond;
        });
    }

    /** The rate now. */
    public double requestsPerSecond() {
        return rate;
    }

    /** The resolver, e.g. to {@link TrafficResolver#refresh()} right after a routing change. */
    public TrafficResolver resolver() {
        return resolver;
    }

    /** Stops sending and waits up to 2 s for the answers of requests in flight. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
            if (inFlight.tryAcquire(spec.maxInFlight(), 2, TimeUnit.SECONDS)) {
                inFlight.release(spec.maxInFlight());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        httpThreads.shutdownNow();
    }

    private synchronized void tick() {
        long due = issuedAtBaseline + (long) ((System.nanoTime() - baselineNanos) / 1e9 * rate);
        // After a stall (GC, busy machine) do not fire a burst: skip what is more than 0.2 s late.
        long maxBurst = Math.max(1, (long) (rate * 0.2));
        if (due - issued > maxBurst) {
            issued = due - maxBurst;
        }
        while (issued < due) {
            issued++;
            sendOne();
        }
    }

    private void sendOne() {
        Tally routedIn = tally;
        UserPopulation population = pickPopulation();
        String populationName = population == null ? UserPopulation.DEFAULT_NAME : population.name();
        TrafficRequest request = population == null ? new TrafficRequest(spec.path(), Map.of())
                : population.request(spec.path());
        Resolution resolution = resolver.resolve(request, random);
        if (resolution instanceof Resolution.Unroutable unroutable) {
            routedIn.count(populationName, TrafficCounts.UNROUTED, unroutable.status());
            return;
        }
        Resolution.Routed routed = (Resolution.Routed) resolution;
        if (!inFlight.tryAcquire()) {
            routedIn.dropped.increment();
            return;
        }
        URI uri = routed.pod().uri().resolve(spec.path());
        HttpRequest.Builder http = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET();
        request.headers().forEach(http::header);
        String version = routed.pod().version();
        this.http.sendAsync(http.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            inFlight.release();
            // Code 0: the request failed on the wire, e.g. the pod stopped between choice and send.
            routedIn.count(populationName, version, error == null ? response.statusCode() : 0);
        });
    }

    private UserPopulation pickPopulation() {
        double ticket = random.nextDouble();
        for (UserPopulation population : spec.populations()) {
            ticket -= population.share();
            if (ticket < 0) {
                return population;
            }
        }
        return null;
    }

    private static final class Tally {
        final Map<TrafficCounts.Key, LongAdder> counts = new ConcurrentHashMap<>();
        final LongAdder dropped = new LongAdder();

        void count(String population, String version, int code) {
            counts.computeIfAbsent(new TrafficCounts.Key(population, version, code), k -> new LongAdder())
                    .increment();
        }
    }

    /** A periodic task that throws is never run again; log instead, so one bad moment does not stop the load. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("load generator task failed, it will run again: {}", e.toString());
            }
        };
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
