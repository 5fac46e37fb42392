package io.jenkins.plugins.progressive.engine.flags.toggle;

import io.jenkins.plugins.progressive.engine.flags.FlagDefinition;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import io.jenkins.plugins.progressive.engine.flags.ops.DefineSegment;
import io.jenkins.plugins.progressive.engine.flags.ops.FlagChangeRequest;
import io.jenkins.plugins.progressive.engine.flags.ops.FlagOperation;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The flags whose behaviour a request changes without changing their JSON: those referring to a segment it
 * (re)defines. Their previews belong in the result too, or a segment edit would change who gets what unseen.
 */
final class SegmentUsers {

    private SegmentUsers() {
    }

    static Set<String> of(FlagSet set, FlagChangeRequest request) {
        Set<String> segments = new LinkedHashSet<>();
        for (FlagOperation operation : request.operations()) {
            if (operation instanceof DefineSegment define) {
                segments.add(define.segment());
            }
        }
        Set<String> flags = new LinkedHashSet<>();
        if (segments.isEmpty()) {
            return flags;
        }
        for (FlagDefinition flag : set.flags().values()) {
            if (refersTo(flag.targeting(), segments)) {
                flags.add(flag.key());
            }
        }
        return flags;
    }

    private static boolean refersTo(Object rule, Set<String> segments) {
        if (rule instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get("$ref") instanceof String name && segments.contains(name)) {
                return true;
            }
            return map.values().stream().anyMatch(value -> refersTo(value, segments));
        }
        return rule instanceof List<?> list && list.stream().anyMatch(value -> refersTo(value, segments));
    }
}
