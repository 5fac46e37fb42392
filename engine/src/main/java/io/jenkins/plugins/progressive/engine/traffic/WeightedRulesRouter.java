package io.jenkins.plugins.progressive.engine.traffic;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * A router that moves the weights of the stable and canary backends in the rules of one route object the user owns
 * (an HTTPRoute, a VirtualService) and adds header routes as rules of its own in front of them (see
 * {@link ManagedRules}). Every unmanaged rule listing both Services (and nothing else) is weighted. Reading, finding the
 * weighted rules, computing the patch and writing it guarded by the version read are the same for every such object;
 * a subclass says how its rules, their backends and a header route's copy of a rule look.
 *
 * <p>Each change is computed against what the object holds, so one that is already in place makes an empty patch,
 * which is not sent.
 *
 * @param <O> the route object
 * @param <R> one of its rules
 */
abstract class WeightedRulesRouter<O extends HasMetadata, R> extends ClusterRouter {

    /**
     * Where the rules lie in the object and how a rule's list of backends is called, for JSON pointers.
     *
     * @param rules the pointer to the list of rules, e.g. {@code /spec/rules}
     * @param backends the member of a rule that lists its weighted backends, e.g. {@code backendRefs}
     */
    record Layout(String rules, String backends) {

        String rule(int rule) {
            return rules + "/" + rule;
        }

        String weight(int rule, int backend) {
            return rule(rule) + "/" + backends + "/" + backend + "/weight";
        }
    }

    final BackendPair services;
    private final String kind;
    private final String name;
    private final Resource<O> resource;
    private final Layout layout;

    /**
     * @param kind the object's kind for messages, e.g. {@code Istio VirtualService}
     * @param api the API of the object's kind
     * @param name the user's object
     */
    WeightedRulesRouter(KubernetesClient client, String namespace, String kind,
                        Function<KubernetesClient, MixedOperation<O, ?, Resource<O>>> api, String name,
                        String stableService, String canaryService, Layout layout) {
        super(client, namespace, true);
        this.kind = kind;
        this.name = name;
        this.resource = api.apply(this.client).inNamespace(this.namespace).withName(name);
        this.services = new BackendPair(this.namespace, stableService, canaryService);
        this.layout = layout;
    }

    /** After "... not found.": how to create the object so that the router can use it. */
    abstract String howToCreate();

    /** How a weighted rule's backends look in this object, for the how-to. */
    abstract String example();

    abstract List<R> rules(O object);

    /** The rule's name, by which {@link ManagedRules} recognises the router's own; null when it has none. */
    abstract String nameOf(R rule);

    abstract List<BackendPair.Ref> backends(R rule);

    /** The weight of the rule's {@code backend}-th backend, or null when it has none (or not a whole number). */
    abstract Integer weight(R rule, int backend);

    /** {@code weighted}'s behaviour plus the route's match, all to the canary, named {@code name}. */
    abstract R copy(R weighted, String name, HeaderRoute route);

    /** Whether two rules are equal as the API server would store them. */
    abstract boolean same(R a, R b);

    /** Refuses a header route that would give the object more rules than it may have; none by default. */
    void checkRuleCount(int rules, HeaderRoute route) {
    }

    /**
     * Called after the header route's rules were written.
     *
     * @param inserted where the rules were inserted in {@code written}
     */
    void headerRouteWritten(O written, List<Integer> inserted, HeaderRoute route) {
    }

    @Override
    public final String describe() {
        return kind + " " + namespace + "/" + name;
    }

    @Override
    public final void verify() {
        weighted(read());
    }

    @Override
    public final void setWeight(int canaryPercent) {
        RouterArguments.percent(canaryPercent);
        write(object -> {
            GuardedPatch patch = new GuardedPatch(object.getMetadata().getResourceVersion());
            weightChanges(object, 100 - canaryPercent, canaryPercent).forEach(patch::add);
            return patch;
        });
    }

    @Override
    public final void setHeaderRoute(HeaderRoute headerRoute) {
        HeaderPatterns.requireValid(headerRoute);
        List<Integer> inserted = new ArrayList<>();
        O written = write(object -> {
            List<R> rules = rules(object);
            List<Integer> weighted = weighted(object).stream().map(BackendPair.Weighted::rule).toList();
            GuardedPatch patch = new GuardedPatch(object.getMetadata().getResourceVersion());
            List<R> result = ManagedRules.placeCopies(rules, weighted,
                    r -> ManagedRules.belongsTo(nameOf(r), headerRoute.name()),
                    (i, ordinal) -> copy(rules.get(i), ManagedRules.name(headerRoute.name(), ordinal), headerRoute),
                    this::same, layout.rules(), patch);
            if (!patch.isEmpty()) {
                checkRuleCount(result.size(), headerRoute);
            }
            inserted.clear();
            for (int k = 0; k < weighted.size(); k++) {
                inserted.add(weighted.get(k) + k); // where copy k lands: k copies were inserted before it
            }
            return patch;
        });
        if (written != null) {
            headerRouteWritten(written, inserted, headerRoute);
        }
    }

    @Override
    public final void reset() {
        write(object -> {
            GuardedPatch patch = new GuardedPatch(object.getMetadata().getResourceVersion());
            // Weights first: their indexes are those of the version read, which the removals below would shift.
            weightChanges(object, 100, 0).forEach(patch::add);
            ManagedRules.removeAll(rules(object), r -> ManagedRules.isManaged(nameOf(r)), layout.rules(), patch);
            return patch;
        });
    }

    /** Every weighted rule has exactly {@code canaryPercent} on the canary and the rest on stable. */
    @Override
    public final boolean holds(int canaryPercent) {
        RouterArguments.percent(canaryPercent);
        return weightChanges(read(), 100 - canaryPercent, canaryPercent).isEmpty();
    }

    /** The canary's weight when every weighted rule has the same split and its two weights make 100. */
    @Override
    public final OptionalInt observedWeight() {
        O object = read();
        List<R> rules = rules(object);
        List<Split> splits = weighted(object).stream().map(w -> new Split(weight(rules.get(w.rule()), w.stable()),
                weight(rules.get(w.rule()), w.canary()))).distinct().toList();
        if (splits.size() != 1 || !splits.get(0).whole()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(splits.get(0).canary());
    }

    /** The weights of one weighted rule; null where a backend has none. */
    private record Split(Integer stable, Integer canary) {

        /** Both weights set and adding up to 100, so the canary's is its percentage. */
        boolean whole() {
            return stable != null && canary != null && stable + canary == 100;
        }
    }

    /** The user's object, read and patched. */
    final Resource<O> resource() {
        return resource;
    }

    /** The JSON pointer of the {@code rule}-th rule. */
    final String rulePointer(int rule) {
        return layout.rule(rule);
    }

    private O read() {
        O object = resource().get();
        if (object == null) {
            throw new TrafficRouterException(describe() + " not found. " + howToCreate());
        }
        return object;
    }

    /** The patched object, or null when nothing had to change: then nothing is sent. */
    private O write(Function<O, GuardedPatch> change) {
        return GuardedPatch.retryingConflicts(describe(), () -> {
            GuardedPatch patch = change.apply(read());
            return patch.isEmpty() ? null : resource().patch(GuardedPatch.context(), patch.toJson());
        });
    }

    private List<BackendPair.Weighted> weighted(O object) {
        List<List<BackendPair.Ref>> refs = new ArrayList<>();
        for (R rule : rules(object)) {
            refs.add(ManagedRules.isManaged(nameOf(rule)) ? List.of() : backends(rule));
        }
        return services.weighted(refs, describe(), example());
    }

    /**
     * The weights of the weighted rules that differ from {@code stable} and {@code canary}: their JSON pointers and the
     * value each should have. Empty when the object holds that split.
     */
    private Map<String, Integer> weightChanges(O object, int stable, int canary) {
        List<R> rules = rules(object);
        Map<String, Integer> changes = new LinkedHashMap<>();
        for (BackendPair.Weighted w : weighted(object)) {
            R rule = rules.get(w.rule());
            if (!Objects.equals(weight(rule, w.stable()), stable)) {
                changes.put(layout.weight(w.rule(), w.stable()), stable);
            }
            if (!Objects.equals(weight(rule, w.canary()), canary)) {
                changes.put(layout.weight(w.rule(), w.canary()), canary);
            }
        }
        return changes;
    }
}
