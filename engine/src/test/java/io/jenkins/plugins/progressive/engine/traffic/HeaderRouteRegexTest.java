package io.jenkins.plugins.progressive.engine.traffic;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A regex header route is checked when it is built: Java must compile it and RE2 (Envoy) must support it. */
class HeaderRouteRegexTest {

    private static HeaderRoute regex(String value) {
        return new HeaderRoute("beta", false, "x-user", value, HeaderRoute.Match.REGEX);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "(                | value: '(' is not a valid regular expression: Unclosed group",
            "[a-z             | value: '[a-z' is not a valid regular expression: Unclosed character class",
            "*beta            | value: '*beta' is not a valid regular expression: Dangling meta character '*'",
            "(a)\\1           | value: '(a)\\1' uses a backreference (\\1), which RE2",
            "(?<n>a)\\k<n>    | value: '(?<n>a)\\k<n>' uses a named backreference (\\k), which RE2",
            "beta(?=-x)       | value: 'beta(?=-x)' uses lookahead (?=…)",
            "(?<!x)beta       | value: '(?<!x)beta' uses lookbehind (?<!…)",
            "(?>ab)c          | value: '(?>ab)c' uses an atomic group",
            "a*+b             | value: 'a*+b' uses a possessive quantifier (*+)",
            "\\Gbeta          | value: '\\Gbeta' uses \\G"})
    void refusedRegexesNameTheValue(String value, String message) {
        assertThatThrownBy(() -> regex(value.strip())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"feed-v[23]", "^(alice|bob)@example\\.com$", "[\\]\\\\1]+", "a{2,3}b+?", "(?i)beta",
        "[(?=]x", "\\Qa(b\\E"})
    void regexesEveryProxyAcceptsPass(String value) {
        assertThatCode(() -> regex(value)).doesNotThrowAnyException();
    }
}
