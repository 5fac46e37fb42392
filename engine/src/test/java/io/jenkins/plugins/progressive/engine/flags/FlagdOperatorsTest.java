package io.jenkins.plugins.progressive.engine.flags;

import static io.jenkins.plugins.progressive.engine.flags.RuleFixture.canonical;
import static io.jenkins.plugins.progressive.engine.flags.RuleFixture.evaluate;
import static io.jenkins.plugins.progressive.engine.flags.RuleFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** flagd's custom operators: invalid input gives null, never an exception. */
class FlagdOperatorsTest {

    @ParameterizedTest(name = "{0} {1} {2} = {3}")
    @CsvSource(delimiter = '|', textBlock = """
            "2.0.0"        | "="  | "2.0.0"        | true
            "2.1.0"        | ">"  | "2.0.0"        | true
            "1.9.0"        | "<"  | "2.0.0"        | true
            "2.0.0-alpha"  | "<"  | "2.0.0"        | true
            "2.0.0"        | "<=" | "2.0.0"        | true
            "2.0.1"        | ">=" | "2.0.0"        | true
            "2.0.1"        | "!=" | "2.0.0"        | true
            "3.0.1"        | "~"  | "3.0.0"        | true
            "3.1.0"        | "~"  | "3.0.0"        | false
            "3.1.0"        | "^"  | "3.0.0"        | true
            "4.0.0"        | "^"  | "3.0.0"        | false
            "v1.0.0"       | "="  | "1.0.0"        | true
            "V1.0.0"       | "="  | "v1.0.0"       | true
            "1"            | "="  | "1.0.0"        | true
            "1.0"          | "^"  | "1"            | true
            1              | "^"  | "1"            | true
            1.2            | "^"  | "1"            | true
            1.2            | ">"  | "1.1"          | true
            1.1            | ">"  | "1.1"          | false
            2              | ">"  | "1.1"          | true
            "1.0.0+other"  | "="  | "1.0.0+build"  | true
            "1.0.0-alpha"  | "<"  | "1.0.0-alpha.1"    | true
            "1.0.0-alpha.1" | "<" | "1.0.0-alpha.beta" | true
            "1.0.0-alpha.beta" | "<" | "1.0.0-beta"    | true
            "1.0.0-beta.2" | "<"  | "1.0.0-beta.11"    | true
            "1.0.0-rc.1"   | "<"  | "1.0.0"            | true
            "10000000000000000000.0.0" | ">" | "9.0.0" | true
            "1.0.0+01"     | "="  | "1.0.0"        | true
            "2.0.0.0"      | "="  | "2.0.0"        | null
            "01.0.0"       | "="  | "1.0.0"        | null
            "1.0.0-01"     | "="  | "1.0.0"        | null
            "1.2-beta"     | "="  | "1.2.0"        | null
            "not-a-version" | "=" | "1.0.0"        | null
            "1.0.0"        | "===" | "1.0.0"       | null
            true           | "="  | "1.0.0"        | null
            null           | "="  | "1.0.0"        | null
            " 2.0.0"       | "="  | "2.0.0"        | null
            "2.0.0 "       | "="  | "2.0.0"        | null
            999999         | ">"  | "1.0.0"        | true
            1000000        | ">"  | "1.0.0"        | null
            20240501       | ">"  | "1.0.0"        | null
            1e21           | ">"  | "1.0.0"        | null
            """)
    void semVer(String version, String op, String target, String expected) {
        assertThat(evaluate("{\"sem_ver\":[" + version + "," + op + "," + target + "]}", "{}"))
                .isEqualTo(json(expected));
    }

    @Test
    void semVerNeedsExactlyThreeArguments() {
        assertThat(evaluate("{\"sem_ver\":[\"1.0.0\",\"=\"]}", "{}")).isNull();
        assertThat(evaluate("{\"sem_ver\":[\"1.0.0\",\"=\",\"1.0.0\",\"x\"]}", "{}")).isNull();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"starts_with":["abcdef","abc"]}           | true
            {"starts_with":["uvwxyz","abc"]}           | false
            {"ends_with":["uvwxyz","xyz"]}             | true
            {"ends_with":["user@example.com","@example.com"]} | true
            {"starts_with":[123,"1"]}                  | null
            {"ends_with":["abc",null]}                 | null
            {"starts_with":["abc"]}                    | null
            {"ends_with":["a","b","c"]}                | null
            """)
    void stringComparisons(String rule, String expected) {
        assertThat(evaluate(rule, "{}")).isEqualTo(json(expected));
    }

    @Test
    void fractionalBucketsOnFlagKeyPlusTargetingKeyByDefault() {
        // The same user with the explicit default bucketing value lands in the same bucket.
        for (String user : List.of("u1", "u2", "u3", "alice", "bob")) {
            Object implicit = evaluate("{\"fractional\":[[\"a\",1],[\"b\",1],[\"c\",1]]}", "{}", user);
            Object explicit = evaluate("{\"fractional\":[\"" + RuleFixture.FLAG_KEY + user
                    + "\",[\"a\",1],[\"b\",1],[\"c\",1]]}", "{}", user);
            assertThat(implicit).isEqualTo(explicit).isIn("a", "b", "c");
        }
    }

    @Test
    void fractionalDropsANullBucketingValueAndFallsBackToTheTargetingKey() {
        Object withNull = evaluate("{\"fractional\":[{\"var\":\"gone\"},[\"a\",1],[\"b\",1]]}", "{}", "user-9");
        Object without = evaluate("{\"fractional\":[[\"a\",1],[\"b\",1]]}", "{}", "user-9");
        assertThat(withNull).isEqualTo(without).isNotNull();
    }

    @Test
    void fractionalWithoutATargetingKeyOrWithAnEmptyOneIsNull() {
        // flagd's Go evaluator since 0.15.5 (PR #1949, core/pkg/evaluator/fractional.go: `if targetingKey == ""`;
        // its fractional_test.go "empty targetingKey returns default variant"): an empty key is no key.
        assertThat(evaluate("{\"fractional\":[[\"a\",1],[\"b\",1]]}", "{}", null)).isNull();
        assertThat(evaluate("{\"fractional\":[[\"a\",1],[\"b\",1]]}", "{}", "")).isNull();
        assertThat(evaluate("{\"fractional\":[[\"a\",1],[\"b\",1]]}", "{\"targetingKey\":\"\"}", null)).isNull();
    }

    @Test
    void anExplicitEmptyBucketingValueIsHashedLikeAnyOtherString() {
        // flagd uses a string first argument as given, "" too. MurmurHash3 x86_32 of no bytes with seed 0 is 0
        // (SMHasher's reference vector), so the bucket is 0 * total >> 32 = 0: always the first variant with weight.
        assertThat(evaluate("{\"fractional\":[\"\",[\"a\",1],[\"b\",1]]}", "{}", "u1")).isEqualTo("a");
        assertThat(evaluate("{\"fractional\":[\"\",[\"a\",0],[\"b\",5],[\"c\",5]]}", "{}")).isEqualTo("b");
    }

    @ParameterizedTest(name = "{0} = null")
    @CsvSource(delimiter = '|', textBlock = """
            {"fractional":[7,["a",1],["b",1]]}
            {"fractional":[["a",12.5],["b",87.5]]}
            {"fractional":[["a",0],["b",0]]}
            {"fractional":[["a","50"],["b",50]]}
            {"fractional":[["a",2147483647],["b",1]]}
            {"fractional":[["a",1],"b"]}
            {"fractional":[["a",1],[]]}
            {"fractional":[[["nested"],1]]}
            {"fractional":[]}
            {"fractional":["only-a-bucketing-value"]}
            """)
    void fractionalWithInvalidInputIsNull(String rule) {
        assertThat(evaluate(rule, "{}")).isNull();
    }

    @Test
    void fractionalClampsNegativeWeightsToZero() {
        for (int i = 0; i < 50; i++) {
            assertThat(evaluate("{\"fractional\":[[\"one\",-50],[\"two\",100]]}", "{}", "user-" + i)).isEqualTo("two");
        }
    }

    @Test
    void fractionalVariantsMayBeBooleansNumbersOrNull() {
        assertThat(evaluate("{\"fractional\":[[true,1]]}", "{}")).isEqualTo(true);
        assertThat(canonical(evaluate("{\"fractional\":[[7,1]]}", "{}"))).isEqualTo(7L);
        assertThat(evaluate("{\"fractional\":[[null,1]]}", "{}")).isNull();
        assertThat(evaluate("{\"fractional\":[[\"single\"]]}", "{}")).isEqualTo("single");
    }

    @Test
    void fractionalEvaluatesNestedRulesInVariantsAndWeights() {
        String rule = "{\"fractional\":[[\"red\",{\"if\":[{\"==\":[{\"var\":\"tier\"},\"premium\"]},100,0]}],"
                + "[\"blue\",{\"-\":[10,0]}]]}";
        assertThat(evaluate(rule, "{\"tier\":\"basic\"}")).isEqualTo("blue");
        assertThat(evaluate(rule, "{\"tier\":\"premium\"}", "jon@company.com")).isEqualTo("red");
    }

    @Test
    void writingAPercentageWithFinerWeightsMovesNoUser() {
        // 25/75 and 250/750 (or 2500/7500) must put every user in the same bucket, so that a step may switch to
        // per-mille weights for 12.5% without reshuffling who already has the feature.
        FractionalSplit percent = FractionalSplit.parseOrThrow(List.of(List.of("on", 25L), List.of("off", 75L)));
        FractionalSplit perMille = FractionalSplit.parseOrThrow(List.of(List.of("on", 250L), List.of("off", 750L)));
        FractionalSplit perTenThousand = FractionalSplit.parseOrThrow(Arrays.asList(List.of("on", 2500L),
                List.of("off", 7500L)));
        for (int i = 0; i < 5000; i++) {
            String user = "checkout" + "user-" + i;
            assertThat(perMille.variantFor(user)).isEqualTo(percent.variantFor(user));
            assertThat(perTenThousand.variantFor(user)).isEqualTo(percent.variantFor(user));
        }
    }
}
