package io.jenkins.plugins.progressive.steps.args;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sets a value deep in a step's argument maps by its parameter path, for the property tests. */
final class ArgumentPaths {
    private static final Pattern SEGMENT = Pattern.compile("([^.\\[]+)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private ArgumentPaths() {}

    /** @return whether the path's containers were there (a map or list each) and the value was set */
    @SuppressWarnings("unchecked")
    static boolean set(Map<String, Object> root, String path, Object value) {
        String[] segments = path.split("\\.");
        Object container = root;
        try {
            for (int s = 0; s < segments.length; s++) {
                Matcher segment = SEGMENT.matcher(segments[s]);
                if (!segment.matches() || !(container instanceof Map)) {
                    return false;
                }
                Map<String, Object> map = (Map<String, Object>) container;
                List<Integer> indexes = INDEX.matcher(segment.group(2)).results()
                        .map(m -> Integer.parseInt(m.group(1))).toList();
                boolean last = s == segments.length - 1;
                if (indexes.isEmpty()) {
                    if (last) {
                        map.put(segment.group(1), value);
                        return true;
                    }
                    container = map.get(segment.group(1));
                    continue;
                }
                Object item = map.get(segment.group(1));
                for (int i = 0; i < indexes.size(); i++) {
                    if (!(item instanceof List<?> list) || indexes.get(i) >= list.size()) {
                        return false;
                    }
                    if (last && i == indexes.size() - 1) {
                        ((List<Object>) list).set(indexes.get(i), value);
                        return true;
                    }
                    item = list.get(indexes.get(i));
                }
                container = item;
            }
        } catch (UnsupportedOperationException e) {
            return false; // an earlier mutation put an immutable value there
        }
        return false;
    }
}
