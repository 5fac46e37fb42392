package io.jenkins.plugins.progressive.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The Snippet Generator (Pipeline Syntax) as a user drives it: pick the step, fill in the form, press "Generate
 * Pipeline Script", read the snippet. The page's own scripts build the form data (buildFormTree) and post it, so
 * what is tested is what the form really binds. A form left at its defaults must not name any true/false parameter
 * (a snippet with {@code autoRollback: false} would switch off the undo); one the user set must.
 */
@WithJenkins
class SnippetGeneratorITest {

    @Test
    void aRollingUpdateFormLeftAtItsDefaultsKeepsTheAutomaticUndo(JenkinsRule r) throws Exception {
        assertEquals("rollingUpdate deployment: 'web'",
                snippet(r, "rollingUpdate", Map.of("input", Map.of("deployment", "web"))));
    }

    @Test
    void aRollingUpdateWhoseUndoTheUserSwitchedOffSaysSo(JenkinsRule r) throws Exception {
        assertEquals("rollingUpdate autoRollback: false, deployment: 'web'", snippet(r, "rollingUpdate",
                Map.of("input", Map.of("deployment", "web"), "select", Map.of("autoRollback", "false"))));
    }

    @Test
    void aFlagToggleFormLeftAtItsDefaultsChangesOnlyWhatWasFilledIn(JenkinsRule r) throws Exception {
        assertEquals("flagToggle flag: 'new-checkout'",
                snippet(r, "flagToggle", Map.of("input", Map.of("flag", "new-checkout"))));
    }

    @Test
    void aFlagToggleFormWritesTheChoicesTheUserMade(JenkinsRule r) throws Exception {
        assertEquals("flagToggle archive: false, create: false, dryRun: false, enabled: false, flag: 'new-checkout'",
                snippet(r, "flagToggle", Map.of("input", Map.of("flag", "new-checkout"), "select",
                        Map.of("create", "false", "enabled", "false", "archive", "false", "dryRun", "false"))));
        assertEquals("flagToggle dryRun: true, enabled: true, flag: 'new-checkout'", snippet(r, "flagToggle",
                Map.of("input", Map.of("flag", "new-checkout"), "select", Map.of("enabled", "true", "dryRun", "true"))));
    }

    /** Opens the generator, picks the step, sets the fields (element → field → value), generates the snippet. */
    private static String snippet(JenkinsRule r, String step, Map<String, Map<String, String>> fields) throws Exception {
        try (JenkinsRule.WebClient wc = r.createWebClient()) {
            HtmlPage page = wc.goTo("pipeline-syntax");
            assertEquals("true", js(page, """
                    (function () {
                      var list = document.querySelector('select.dropdownList');
                      for (var i = 0; i < list.options.length; i++) {
                        if (list.options[i].text.indexOf('%s:') === 0) {
                          list.selectedIndex = i;
                          list.dispatchEvent(new Event('change'));
                          return true;
                        }
                      }
                      return false;
                    })()""".formatted(step)), "the generator lists " + step);
            // the step's form is rendered on demand when it is picked
            String first = fields.values().iterator().next().keySet().iterator().next();
            await(wc, page, "document.querySelectorAll(\"[name='_." + first + "']\").length == 1", step + "'s form");
            for (Map.Entry<String, Map<String, String>> kind : fields.entrySet()) {
                for (Map.Entry<String, String> field : kind.getValue().entrySet()) {
                    assertEquals("true", js(page, """
                            (function () {
                              var all = document.querySelectorAll("%s[name='_.%s']");
                              if (all.length != 1) return false;
                              all[0].value = '%s';
                              all[0].dispatchEvent(new Event('change'));
                              return true;
                            })()""".formatted(kind.getKey(), field.getKey(), field.getValue())),
                            "exactly one " + kind.getKey() + " for " + field.getKey());
                }
            }
            js(page, "document.getElementById('generatePipelineScript').click()");
            await(wc, page, "document.getElementById('prototypeText').value.length > 0", "the snippet");
            return js(page, "document.getElementById('prototypeText').value").trim();
        }
    }

    private static String js(HtmlPage page, String script) {
        return String.valueOf(page.executeJavaScript(script).getJavaScriptResult());
    }

    /** Waits (on the page's background requests) until the script is true. */
    private static void await(JenkinsRule.WebClient wc, HtmlPage page, String condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!"true".equals(js(page, "!!(" + condition + ")"))) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            wc.waitForBackgroundJavaScript(200);
        }
    }
}
