package io.jenkins.plugins.progressive.engine.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The patterns routers write for cookie and prefix routes match what users send, and nothing else. */
class HeaderPatternsTest {

    @Test
    void aCookieRouteMatchesTheCookieAnywhereInTheCookieHeaderButNoLookalike() {
        Pattern cookie = Pattern.compile(HeaderPatterns.cookie("canary", "always"));

        assertThat(cookie.matcher("canary=always").matches()).isTrue();
        assertThat(cookie.matcher("session=1; canary=always").matches()).isTrue();
        assertThat(cookie.matcher("session=1;canary=always; theme=dark").matches()).isTrue();
        assertThat(cookie.matcher("mycanary=always").matches()).isFalse();
        assertThat(cookie.matcher("canary=alwaysnot").matches()).isFalse();
        assertThat(cookie.matcher("canary=never").matches()).isFalse();
    }

    @Test
    void literalsAreQuotedSoDotsAndPlusesMatchOnlyThemselves() {
        Pattern prefix = Pattern.compile(HeaderPatterns.prefix("v1.2+"));
        assertThat(prefix.matcher("v1.2+build7").matches()).isTrue();
        assertThat(prefix.matcher("v1x22").matches()).isFalse();
        Pattern cookie = Pattern.compile(HeaderPatterns.cookie("ab.test", "b"));
        assertThat(cookie.matcher("ab.test=b").matches()).isTrue();
        assertThat(cookie.matcher("abxtest=b").matches()).isFalse();
    }

    @Test
    void aRegexIsAnchoredForProxiesThatSearch() {
        Pattern whole = Pattern.compile(HeaderPatterns.whole("feed-v[23]"));
        assertThat(whole.matcher("feed-v2").find()).isTrue();
        assertThat(whole.matcher("old-feed-v2").find()).isFalse();
    }
}
