package io.jenkins.plugins.progressive.engine.progress.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone HTML report of a rollout ({@value #FILE_NAME}): one self-contained file, for
 * {@code archiveArtifacts} or a mail, that needs no server and no network. It embeds the snapshot as a JSON data block
 * and inlines the same renderer the build page loads as separate resources ({@link #SCRIPTS}, {@link #STYLE}), so both
 * show the same thing. Inline code is fine here because Jenkins does not serve this file as a page.
 */
public final class RolloutReport {

    /** The report's file name. */
    public static final String FILE_NAME = "rollout-report.html";

    /** Class-path names of the renderer's scripts, in load order; the build page serves them as they are. */
    public static final List<String> SCRIPTS = List.of(
            "/io/jenkins/plugins/progressive/engine/progress/report/rollout-charts.js",
            "/io/jenkins/plugins/progressive/engine/progress/report/rollout-progress.js");

    /** Class-path name of the renderer's style sheet. */
    public static final String STYLE = "/io/jenkins/plugins/progressive/engine/progress/report/rollout-progress.css";

    private static final String TEMPLATE = "/io/jenkins/plugins/progressive/engine/progress/report/rollout-report.html";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");

    private RolloutReport() {
    }

    /**
     * Writes the report into a directory.
     *
     * @return the file written, {@code directory/rollout-report.html}
     */
    public static Path write(RolloutSnapshot snapshot, Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(FILE_NAME);
        Files.writeString(file, html(snapshot), StandardCharsets.UTF_8);
        return file;
    }

    /** The report as one HTML document. */
    public static String html(RolloutSnapshot snapshot) {
        String strategy = switch (snapshot.strategy()) {
            case "rolling" -> "Rolling update";
            case "canary" -> "Canary";
            case "blue-green" -> "Blue/green deployment";
            default -> snapshot.strategy();
        };
        String title = strategy + " of "
                + snapshot.target().name() + " " + (snapshot.fromVersion() == null ? "?" : snapshot.fromVersion())
                + " → " + snapshot.toVersion() + ": " + snapshot.state().json();
        Map<String, String> values = Map.of(
                "schema", String.valueOf(snapshot.schemaVersion()),
                "title", escapeHtml(title),
                "summary", escapeHtml(snapshot.reason() != null ? snapshot.reason()
                        : snapshot.activity() != null ? snapshot.activity().message() : ""),
                "snapshot", jsonForScript(SnapshotJson.write(snapshot)),
                "style", resource(STYLE),
                "charts", scriptText(resource(SCRIPTS.get(0))),
                "script", scriptText(resource(SCRIPTS.get(1))));
        // One pass over the template: text put in is never scanned for placeholders again.
        Matcher matcher = PLACEHOLDER.matcher(resource(TEMPLATE));
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("the report template names an unknown value: " + matcher.group());
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** A renderer file's text, for a page that serves it (the plugin) or inlines it (this report). */
    public static String resource(String name) {
        try (InputStream in = RolloutReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the engine jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from the engine jar", e);
        }
    }

    /**
     * JSON inside a script element: '<', '>' and '&' become escapes, so no value (a reason quoting an error page, say)
     * can close the element; U+2028/2029 are escaped for older JavaScript parsers.
     */
    static String jsonForScript(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    private static String scriptText(String script) {
        return script.replace("</script", "<\\/script");
    }

    static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
