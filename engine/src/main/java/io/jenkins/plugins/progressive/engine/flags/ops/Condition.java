package io.jenkins.plugins.progressive.engine.flags.ops;

import java.util.List;
import java.util.Map;

/** Who a targeting rule or segment matches. */
public sealed interface Condition permits Condition.UserIds, Condition.Attribute, Condition.InSegment {

    /** The JsonLogic flagd evaluates. */
    Object toJsonLogic();

    /** One line for the log. */
    String describe();

    /** Users whose targeting key is one of {@code ids}. */
    record UserIds(List<String> ids) implements Condition {
        public UserIds {
            if (ids == null || ids.isEmpty()) {
                throw new FlagOperationException("users must list at least one user id");
            }
            ids.forEach(id -> Params.text(id, "users"));
            ids = List.copyOf(ids);
        }

        @Override
        public Object toJsonLogic() {
            return Map.of("in", List.of(Map.of("var", Splits.TARGETING_KEY), ids));
        }

        @Override
        public String describe() {
            return "users " + ids;
        }
    }

    /**
     * A context attribute compared with a value, e.g. {@code email ends_with @example.com}.
     *
     * @param attribute the attribute ({@code var} path, dots reach nested values)
     * @param operator how it is compared
     * @param value the value (a list for {@code in}, a version for {@code sem_ver})
     */
    record Attribute(String attribute, MatchOperator operator, Object value) implements Condition {
        public Attribute {
            Params.name(attribute, "attribute");
            if (operator == null) {
                throw new FlagOperationException("op must not be null");
            }
            value = operator.checkValue(value, "value");
        }

        /** Users in one of the regions, read from the context attribute {@code region}. */
        public static Attribute regions(List<String> regions) {
            return new Attribute("region", MatchOperator.IN, regions);
        }

        @Override
        public Object toJsonLogic() {
            return operator.toJsonLogic(attribute, value);
        }

        @Override
        public String describe() {
            return attribute + " " + operator.spelling() + " " + value;
        }
    }

    /** Users a named segment ({@code $evaluators} entry, see {@link DefineSegment}) matches: {@code {"$ref": name}}. */
    record InSegment(String segment) implements Condition {
        public InSegment {
            Params.name(segment, "segment");
        }

        @Override
        public Object toJsonLogic() {
            return Map.of("$ref", segment);
        }

        @Override
        public String describe() {
            return "segment " + segment;
        }
    }

    /** All conditions as one JsonLogic: the single one, or their {@code and}. */
    static Object allOf(List<Condition> conditions) {
        if (conditions.size() == 1) {
            return conditions.get(0).toJsonLogic();
        }
        return Map.of("and", conditions.stream().map(Condition::toJsonLogic).toList());
    }
}
