package io.jenkins.plugins.progressive.engine.progress.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What Jenkins' Content-Security-Policy and XSS hygiene forbid in the renderer's sources, checked on the text (the
 * browser test under CSP catches what runs; this catches what would run only on some path, like an error branch).
 */
class RendererSourceTest {

    private static final List<Pattern> FORBIDDEN_IN_SCRIPTS = List.of(
            Pattern.compile("\\beval\\s*\\("),
            Pattern.compile("new\\s+Function\\s*\\("),
            Pattern.compile("\\b(inner|outer)HTML\\b"),
            Pattern.compile("insertAdjacentHTML|document\\.write"),
            Pattern.compile("setTimeout\\(\\s*['\"]"),
            Pattern.compile("\\.style\\.|['\"]style['\"]\\s*:"),
            Pattern.compile("['\"]on[a-z]+['\"]\\s*:"),
            Pattern.compile("https?://(?!www\\.w3\\.org/2000/svg)"));

    @Test
    void theScriptsUseNoEvalNoHtmlStringsNoInlineStylesOrHandlersAndNoNetworkButTheirJsonUrl() {
        for (String name : RolloutReport.SCRIPTS) {
            String source = RolloutReport.resource(name);
            for (Pattern forbidden : FORBIDDEN_IN_SCRIPTS) {
                assertThat(forbidden.matcher(source).find()).as("%s contains %s", name, forbidden).isFalse();
            }
        }
    }

    @Test
    void theStyleSheetLoadsNothingFromElsewhere() {
        assertThat(RolloutReport.resource(RolloutReport.STYLE)).doesNotContain("@import").doesNotContain("url(");
    }
}
