package io.jenkins.plugins.progressive.engine.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Waits for one object to reach a state without holding a thread: a watch delivers every change, a slow re-read on
 * the shared scheduler covers a watch that drops silently, and a timer ends the wait. Each observed state goes to
 * {@code onEach} first (for progress events).
 */
public final class ResourceWatch {

    private static final Duration RECHECK = Duration.ofSeconds(2);

    private ResourceWatch() {
    }

    /**
     * A watch delivering every change to {@code observe}, or null if the API server would not open one (a 5xx or 429
     * on the upgrade): the re-read then carries the wait alone, a change seen at most {@link #RECHECK} late. A failed
     * watch is no reason to fail a rollout whose object can still be read.
     */
    private static <T extends HasMetadata> Watch watch(Resource<T> resource, Consumer<T> observe) {
        try {
            return resource.watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, T object) {
                    observe.accept(action == Action.DELETED ? null : object);
                }

                @Override
                public void onClose(WatcherException cause) {
                    // The periodic re-read keeps the wait going; fabric8 reconnects watches by itself.
                }
            });
        } catch (KubernetesClientException e) {
            return null;
        }
    }

    /**
     * Completes with the first observed state that satisfies {@code done}; exceptionally with a
     * {@link TimeoutException} naming {@code what} after {@code timeout}, or an {@link IllegalStateException} if the
     * object is deleted. An exception thrown by {@code done} or {@code onEach} ends the wait with it.
     */
    public static <T extends HasMetadata> CompletableFuture<T> until(Resource<T> resource, String what,
            Predicate<T> done, Consumer<T> onEach, Duration timeout, ScheduledExecutorService scheduler) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Consumer<T> observe = object -> {
            if (result.isDone()) {
                return;
            }
            if (object == null) {
                result.completeExceptionally(new IllegalStateException(what + " was deleted"));
                return;
            }
            try {
                onEach.accept(object);
                if (done.test(object)) {
                    result.complete(object);
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        };
        Watch watch = watch(resource, observe);
        Runnable reread = () -> {
            try {
                observe.accept(resource.get());
            } catch (RuntimeException e) {
                // An API hiccup: the next tick or the watch will deliver.
            }
        };
        ScheduledFuture<?> recheck = scheduler.scheduleWithFixedDelay(reread, 0, RECHECK.toMillis(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> deadline = scheduler.schedule(() -> result.completeExceptionally(
                new TimeoutException(what + " within " + timeout)), timeout.toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((object, error) -> {
            if (watch != null) {
                watch.close();
            }
            recheck.cancel(false);
            deadline.cancel(false);
        });
        return result;
    }
}
