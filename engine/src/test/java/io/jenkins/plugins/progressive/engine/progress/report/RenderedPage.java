package io.jenkins.plugins.progressive.engine.progress.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DOM Chromium rendered, read the way a person reads the page: the text of marked elements. The renderer marks
 * what tests (and the plugin) look for with {@code data-} attributes, so these lookups do not depend on layout.
 */
record RenderedPage(String html) {

    private static final Pattern STEP = Pattern.compile("data-step=\"([^\"]+)\" data-step-state=\"([^\"]+)\"");
    private static final String ROOT = "data-rollout-progress";
    private static final Pattern CHART = Pattern.compile("class=\"pdp-chart\" viewBox=\"0 0 (\\d+) ");
    private static final Pattern MARKER = Pattern.compile("data-marker=\"[^\"]+\">([^<]+)<");
    private static final Pattern BAR = Pattern.compile("data-version=\"([^\"]+)\" data-replicas=\"(\\d+)\"");
    private static final Pattern COUNT_BAR = Pattern.compile(
            "data-deployment=\"([^\"]+)\" data-count=\"([a-z]+)\" data-value=\"(\\d+)\"");
    private static final Pattern GROUP = Pattern.compile("data-deployment-label=\"[^\"]+\">([^<]+)<");

    /** The page inside a frame, as the test page copied it into {@code <pre id="frame-dom">}. */
    static RenderedPage ofFrame(String outer) {
        Matcher m = Pattern.compile("<pre id=\"frame-dom\" hidden=\"\">(.*?)</pre>", Pattern.DOTALL).matcher(outer);
        if (!m.find() || m.group(1).isEmpty()) {
            throw new AssertionError("the frame's DOM was not copied out (did the frame load?):\n" + outer);
        }
        return new RenderedPage(m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", "\u00a0")
                .replace("&amp;", "&"));
    }

    /** The widths every chart was drawn for (their viewBox), in page order. */
    List<Integer> chartWidths() {
        List<Integer> widths = new ArrayList<>();
        Matcher m = CHART.matcher(html);
        while (m.find()) {
            widths.add(Integer.parseInt(m.group(1)));
        }
        return widths;
    }

    /** The text of the element carrying {@code data-field="name"}. */
    String field(String name) {
        return textOf("data-field=\"" + name + "\"");
    }

    /** The attribute value of the element carrying {@code data-field="name"}. */
    String fieldAttribute(String name, String attribute) {
        String tag = startTag("data-field=\"" + name + "\"");
        Matcher m = Pattern.compile(attribute + "=\"([^\"]*)\"").matcher(tag);
        if (!m.find()) {
            throw new AssertionError("no " + attribute + " on " + tag);
        }
        return m.group(1);
    }

    /** Step id to its state, in track order. */
    Map<String, String> steps() {
        Map<String, String> steps = new LinkedHashMap<>();
        Matcher m = STEP.matcher(html);
        while (m.find()) {
            steps.put(m.group(1), m.group(2));
        }
        return steps;
    }

    /** The text of one step of the track. */
    String step(String id) {
        return textOf("data-step=\"" + id + "\"");
    }

    /** The text of one check's panel. */
    String check(String name) {
        return textOf("data-check=\"" + name + "\"");
    }

    /** The page's elements without its scripts and styles (the standalone report inlines the renderer's source). */
    String markup() {
        return html.replaceAll("(?s)<script\\b.*?</script>", "").replaceAll("(?s)<style\\b.*?</style>", "");
    }

    /** The text of one approval, by its id. */
    String approval(String id) {
        return textOf("data-approval-id=\"" + id + "\"");
    }

    /** The labels of the traffic chart's promotion and rollback markers, in time order. */
    List<String> markers() {
        List<String> labels = new ArrayList<>();
        Matcher m = MARKER.matcher(html);
        while (m.find()) {
            labels.add(m.group(1));
        }
        return labels;
    }

    /** Replicas per version as the "now" bars draw them. */
    Map<String, Integer> versionBars() {
        Map<String, Integer> bars = new LinkedHashMap<>();
        Matcher m = BAR.matcher(html);
        while (m.find()) {
            bars.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return bars;
    }

    /**
     * A canary's or blue/green release's bars per Deployment: {@code web-green} to {@code desired=4, updated=4, ...}
     * in the order drawn, each number as the bar carries it.
     */
    Map<String, Map<String, Integer>> deploymentBars() {
        Map<String, Map<String, Integer>> bars = new LinkedHashMap<>();
        Matcher m = COUNT_BAR.matcher(html);
        while (m.find()) {
            bars.computeIfAbsent(m.group(1), d -> new LinkedHashMap<>()).put(m.group(2), Integer.parseInt(m.group(3)));
        }
        return bars;
    }

    /** The headings of those bar groups: role, version and Deployment, in words. */
    List<String> deploymentBarHeadings() {
        List<String> headings = new ArrayList<>();
        Matcher m = GROUP.matcher(html);
        while (m.find()) {
            headings.add(m.group(1));
        }
        return headings;
    }

    /** All text of the page. */
    String text() {
        return textOf(ROOT);
    }

    private String startTag(String marker) {
        int at = html.indexOf(marker);
        if (at < 0) {
            throw new AssertionError("the page has no element with " + marker);
        }
        int open = html.lastIndexOf('<', at);
        return html.substring(open, html.indexOf('>', at) + 1);
    }

    /** The element's inner text: found by its marker, closed by counting nested tags of the same name. */
    private String textOf(String marker) {
        int at = html.indexOf(marker);
        if (at < 0) {
            throw new AssertionError("the page has no element with " + marker + "; it shows: "
                    + (marker.equals(ROOT) ? html : text()));
        }
        int open = html.lastIndexOf('<', at);
        Matcher name = Pattern.compile("<([a-zA-Z0-9]+)").matcher(html).region(open, html.length());
        if (!name.lookingAt()) {
            throw new AssertionError("cannot read the tag at " + open);
        }
        String tag = name.group(1);
        Matcher tags = Pattern.compile("<(/?)" + tag + "[\\s>]").matcher(html);
        int from = html.indexOf('>', at) + 1;
        int depth = 1;
        int end = html.length();
        tags.region(from, html.length());
        while (tags.find()) {
            depth += tags.group(1).isEmpty() ? 1 : -1;
            if (depth == 0) {
                end = tags.start();
                break;
            }
        }
        // Inline elements join their text as the browser shows it; every other tag separates words.
        return html.substring(from, end).replaceAll("</?(strong|span|em|b|q|time|code|a)\\b[^>]*>", "")
                .replaceAll("<[^>]*>", " ").replace("&nbsp;", " ").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
                .replaceAll("\\s+", " ").strip();
    }
}
