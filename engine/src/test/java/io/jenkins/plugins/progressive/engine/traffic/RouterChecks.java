package io.jenkins.plugins.progressive.engine.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.api.ApiWrites;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Checks of a router in one namespace of the sandbox that count its write requests: an engine resuming after a crash
 * issues the step that was in progress again, so a change the objects already hold must send no request at all, and
 * what it observes before deciding must be read-only.
 */
final class RouterChecks {

    private final Sandbox sandbox;
    private final String namespace;

    RouterChecks(Sandbox sandbox, String namespace) {
        this.sandbox = sandbox;
        this.namespace = namespace;
    }

    /** Runs {@code change} twice: the first time it writes {@code first} requests, the second time none. */
    void writesThenNothingAgain(String what, int first, Runnable change) {
        assertThat(during(change)).as(what).hasSize(first);
        assertThat(during(change)).as(what + " again").isEmpty();
    }

    /**
     * The changes of a router working on one route object (HTTPRoute, VirtualService), in the order a canary makes
     * them: each one patch, then nothing when repeated; a weight of 0 after the reset is already held.
     */
    void patchesOnceEach(TrafficRouter router, HeaderRoute header, HeaderRoute cookie) {
        writesThenNothingAgain("setWeight(30)", 1, () -> router.setWeight(30));
        writesThenNothingAgain("setHeaderRoute(" + header.name() + ")", 1, () -> router.setHeaderRoute(header));
        writesThenNothingAgain("setHeaderRoute(" + cookie.name() + ")", 1, () -> router.setHeaderRoute(cookie));
        writesThenNothingAgain("setWeight(60) beside header routes", 1, () -> router.setWeight(60));
        writesThenNothingAgain("reset", 1, router::reset);
        writesThenNothingAgain("setWeight(0) after reset", 0, () -> router.setWeight(0));
    }

    /** The user edits the two weights of one weighted rule by hand. */
    interface HandEdit {
        void setWeights(String rule, int stable, int canary);
    }

    /**
     * On a route object with the weighted rules {@code first} and {@code second} at 100/0: a weight is observed while
     * every weighted rule has it, whatever header routes stand beside them, and none once they disagree or their
     * weights do not make 100.
     */
    void observesTheSplitOfEveryWeightedRule(TrafficRouter router, String first, String second, HandEdit edit) {
        observes(router, 0, "as the user wrote it");
        router.setWeight(30);
        router.setHeaderRoute(HeaderRoute.header("beta", "x-beta", "1"));
        observes(router, 30, "the header route's rules do not count");

        edit.setWeights(first, 80, 20);
        observesNone(router, "the weighted rules disagree", 30, 20);
        edit.setWeights(first, 30, 30);
        edit.setWeights(second, 30, 30);
        observesNone(router, "30:30 is half, but not in percent", 30, 50);
    }

    /** The router observes {@code weight}, holds it and not another one; none of these reads writes. */
    void observes(TrafficRouter router, int weight, String why) {
        assertThat(readOnly(router::observedWeight)).as(why).hasValue(weight);
        assertThat(readOnly(() -> router.holds(weight))).as(why).isTrue();
        int other = weight == 0 ? 30 : 0;
        assertThat(readOnly(() -> router.holds(other))).as(why + ": holds(" + other + ")").isFalse();
    }

    /** The router's objects hold no one weight: none observed, and none of {@code weights} held. */
    void observesNone(TrafficRouter router, String why, int... weights) {
        assertThat(readOnly(router::observedWeight)).as(why).isEmpty();
        for (int weight : weights) {
            assertThat(readOnly(() -> router.holds(weight))).as(why + ": holds(" + weight + ")").isFalse();
        }
    }

    /** What an observation returns, checking that it wrote nothing. */
    <T> T readOnly(Supplier<T> observation) {
        AtomicReference<T> result = new AtomicReference<>();
        assertThat(during(() -> result.set(observation.get()))).as("an observation writes nothing").isEmpty();
        return result.get();
    }

    private List<ApiWrites.Write> during(Runnable action) {
        int mark = sandbox.apiServer().writes().mark();
        action.run();
        return sandbox.apiServer().writes().since(mark, namespace);
    }
}
