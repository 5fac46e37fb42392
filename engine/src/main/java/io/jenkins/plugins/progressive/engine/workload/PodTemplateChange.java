package io.jenkins.plugins.progressive.engine.workload;

import io.fabric8.kubernetes.api.model.Quantity;
import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Changes to the pod template besides images: environment variables and resources per container, and pod
 * annotations. Merged into what the template has: variables and resources not named stay as they are.
 *
 * @param env container → variable name → value
 * @param requests container → resource (cpu, memory, ...) → quantity
 * @param limits container → resource → quantity
 * @param annotations pod template annotations to set
 */
public record PodTemplateChange(Map<String, Map<String, String>> env, Map<String, Map<String, String>> requests,
        Map<String, Map<String, String>> limits, Map<String, String> annotations) {

    public static final PodTemplateChange NONE = new PodTemplateChange(null, null, null, null);

    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final Pattern RESOURCE = Pattern.compile("[a-z0-9.-]+(/[a-z0-9.-]+)?");
    private static final Pattern ANNOTATION_KEY =
            Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

    public PodTemplateChange {
        env = copy(env);
        requests = copy(requests);
        limits = copy(limits);
        annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        env.forEach((container, vars) -> vars.keySet().forEach(name -> {
            if (!ENV_NAME.matcher(name).matches()) {
                throw new PlanException("env." + container + ": '" + name + "' is not a valid variable name");
            }
        }));
        checkQuantities("requests", requests);
        checkQuantities("limits", limits);
        annotations.keySet().forEach(key -> {
            if (key.length() > 316 || !ANNOTATION_KEY.matcher(key).matches()) {
                throw new PlanException("podAnnotations: '" + key + "' is not a valid annotation key");
            }
        });
    }

    /** Every container this change names. */
    public Set<String> containers() {
        Set<String> names = new TreeSet<>(env.keySet());
        names.addAll(requests.keySet());
        names.addAll(limits.keySet());
        return names;
    }

    public boolean isEmpty() {
        return env.isEmpty() && requests.isEmpty() && limits.isEmpty() && annotations.isEmpty();
    }

    private static void checkQuantities(String field, Map<String, Map<String, String>> byContainer) {
        byContainer.forEach((container, resources) -> resources.forEach((resource, quantity) -> {
            if (!RESOURCE.matcher(resource).matches()) {
                throw new PlanException(field + "." + container + ": '" + resource + "' is not a resource name");
            }
            try {
                if (Quantity.getAmountInBytes(new Quantity(quantity)).signum() < 0) {
                    throw new PlanException(field + "." + container + "." + resource + ": must not be negative, was " + quantity);
                }
            } catch (IllegalArgumentException | ArithmeticException e) {
                if (e instanceof PlanException) {
                    throw e;
                }
                throw new PlanException(field + "." + container + "." + resource + ": '" + quantity
                        + "' is not a quantity (e.g. 500m, 2, 256Mi)");
            }
        }));
    }

    /** Keeps the order as written: a variable may refer to an earlier one with $(NAME). */
    private static Map<String, Map<String, String>> copy(Map<String, Map<String, String>> source) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        if (source != null) {
            source.forEach((k, v) -> out.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        }
        return Collections.unmodifiableMap(out);
    }
}
