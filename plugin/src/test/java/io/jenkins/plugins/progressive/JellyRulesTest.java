package io.jenkins.plugins.progressive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules the hosting checker and Jenkins' Content-Security-Policy put on every Jelly view, checked on ours: escape
 * by default, no inline script (only {@code src} or JSON data), no {@code <style>}, no inline event handlers, no
 * legacy {@code checkUrl}. A view breaking one fails here, not in a reviewer's browser.
 */
class JellyRulesTest {
    private static final Pattern SCRIPT = Pattern.compile("<script\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern HANDLER = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);

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

    @Test
    void theRolloutPageLoadsTheRendererAndItsDataByUrl() throws Exception {
        String page = Files.readString(views().stream()
                .filter(p -> p.endsWith(Path.of("RolloutAction", "index.jelly"))).findFirst().orElseThrow());
        assertThat(page).contains("data-snapshot-url=\"${base}snapshot\"", "asset?name=rollout-progress.js",
                "asset?name=rollout-charts.js", "asset?name=rollout-progress.css", "data-crumb=\"${h.getCrumb(request2)}\"");
    }

    private static List<Path> views() throws IOException, URISyntaxException {
        // A known view locates the resources folder (the test classes, first on the class path, hold no views).
        Path root = Path.of(JellyRulesTest.class.getResource("/io/jenkins/plugins/progressive/rollout/RolloutAction/index.jelly")
                .toURI()).getParent().getParent().getParent();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".jelly")).sorted().toList();
        }
    }
}
