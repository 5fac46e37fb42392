package io.jenkins.plugins.progressive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules the hosting checker and Jenkins' Content-Security-Policy put on every Jelly view, checked on ours: escape
 * by default, no inline script (only {@code src} or JSON data), no {@code <style>}, no inline event handlers, no
 * legacy {@code checkUrl}. A view breaking one fails here, not in a reviewer's browser. And every localizable text
 * {@code ${%…}} is read whole.
 */
class JellyRulesTest {
    private static final Pattern SCRIPT = Pattern.compile("<script\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern HANDLER = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
    /** Stapler's localizable text: up to the first '}' (which therefore cannot be part of it). */
    private static final Pattern MESSAGE = Pattern.compile("\\$\\{%([^}]*)}");

    @Test
    void everyViewIsCspSafe() throws Exception {
        List<Path> views = views();
        assertThat(views).as("the plugin's views").hasSizeGreaterThanOrEqualTo(8);
        for (Path view : views) {
            String text = Files.readString(view);
            assertThat(text).as(view + ": escape-by-default").contains("<?jelly escape-by-default='true'?>");
            assertThat(text).as(view + ": no <style> element").doesNotContainPattern("(?i)<style\\b");
            assertThat(HANDLER.matcher(text).find()).as(view + ": no inline event handler").isFalse();
            assertThat(text).as(view + ": no legacy checkUrl").doesNotContain("checkUrl");
            var scripts = SCRIPT.matcher(text);
            while (scripts.find()) {
                String attributes = scripts.group(1);
                assertThat(attributes.contains("src=") || attributes.contains("type=\"application/json\""))
                        .as(view + ": a script needs src (or is JSON data): <script" + attributes + ">").isTrue();
            }
        }
    }

    /**
     * Stapler's {@code InternationalizedStringExpression} takes everything after the first '(' of {@code ${%…}} as
     * message arguments (expressions, here unknown variables) and only the text before it as the key, so
     * {@code ${%CA certificate (PEM)}} renders "CA certificate ". A parenthesis belongs outside, as core writes
     * {@code (${%Default})}; arguments are only for a key that a properties file next to the view defines with
     * placeholders.
     */
    @Test
    void everyLocalizableTextIsReadWhole() throws Exception {
        List<String> cut = new ArrayList<>();
        int texts = 0;
        for (Path view : views()) {
            Matcher message = MESSAGE.matcher(Files.readString(view));
            while (message.find()) {
                texts++;
                String text = message.group(1);
                int arguments = text.indexOf('(');
                String key = arguments < 0 ? text : text.substring(0, arguments);
                if (arguments >= 0 && !definesWithPlaceholders(view, key) || !key.equals(key.strip())) {
                    cut.add(view.getFileName() + " in " + view.getParent().getFileName() + ": ${%" + text
                            + "} renders as '" + key + "'");
                }
            }
        }
        assertThat(texts).as("localizable texts found").isGreaterThan(20);
        assertThat(cut).as("texts Stapler would cut at '(' (write the parenthesis outside ${%…})").isEmpty();
    }

    private static boolean definesWithPlaceholders(Path view, String key) throws IOException {
        Path bundle = view.resolveSibling(view.getFileName().toString().replaceFirst("\\.jelly$", ".properties"));
        if (!Files.exists(bundle)) {
            return false;
        }
        Properties messages = new Properties();
        try (var in = Files.newInputStream(bundle)) {
            messages.load(in);
        }
        String message = messages.getProperty(key);
        return message != null && message.contains("{0}");
    }

    @Test
    void theRolloutPageLoadsTheRendererAndItsDataByUrl() throws Exception {
        String page = Files.readString(views().stream()
                .filter(p -> p.endsWith(Path.of("RolloutAction", "index.jelly"))).findFirst().orElseThrow());
        assertThat(page).contains("data-snapshot-url=\"${base}snapshot\"", "asset?name=rollout-progress.js",
                "asset?name=rollout-charts.js", "asset?name=rollout-progress.css", "data-crumb=\"${h.getCrumb(request2)}\"");
    }

    private static List<Path> views() throws IOException, URISyntaxException {
        // A known view locates the resources folder (the test classes, first on the class path, hold no views); all
        // of it, so that the tag library under lib/ is checked too.
        Path root = Path.of(JellyRulesTest.class.getResource("/io/jenkins/plugins/progressive/rollout/RolloutAction/index.jelly")
                .toURI());
        for (int up = 0; up < 6; up++) {
            root = root.getParent();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".jelly")).sorted().toList();
        }
    }
}
