package io.jenkins.plugins.progressive.steps.args;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Values that are wrong for a kind of parameter wherever it appears: each generator yields only values every
 * parameter of that kind must refuse (a boolean is not "wrong" for a name, since {@code true} is a valid one).
 */
final class InvalidValues {
    private static final Object A_MAP = Map.of("a", 1);
    private static final Object A_LIST = List.of(1);

    private InvalidValues() {}

    /** Not a whole number in {@code min..max}: beyond it (long, BigInteger), fractions, NaN, infinities, words. */
    static Arbitrary<Object> wholeNumber(int min, int max) {
        List<Arbitrary<?>> options = new ArrayList<>();
        options.add(Arbitraries.longs().greaterOrEqual((long) max + 1));
        options.add(Arbitraries.bigIntegers().between(BigInteger.valueOf(Long.MAX_VALUE),
                BigInteger.TEN.pow(40)));
        if (min > Integer.MIN_VALUE) {
            options.add(Arbitraries.longs().between(Long.MIN_VALUE, (long) min - 1));
            options.add(Arbitraries.integers().between(1, 1_000_000).map(n -> String.valueOf((long) min - n)));
        }
        options.add(Arbitraries.integers().between(min, Math.min(max, 1000) - 1).map(n -> n + 0.5));
        options.add(Arbitraries.integers().between(min, Math.min(max, 1000) - 1).map(n -> new BigDecimal(n + ".25")));
        options.add(Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300, -1e300,
                Float.NaN, new BigDecimal("1E+400"), "4294967297", "99999999999999999999"));
        options.add(Arbitraries.of("ten", "12abc", "", " ", "1.5", "0x10", "1e3", "5%", true, false, A_MAP, A_LIST));
        return Arbitraries.oneOf(cast(options));
    }

    /** Not a duration in 0s..365d: overflowing, beyond a year, bad units, negative, NaN, other types. */
    static Arbitrary<Object> duration() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.strings().numeric().ofMinLength(19).ofMaxLength(60).map(s -> "9" + s)
                        .flatMap(s -> Arbitraries.of("", "ms", "s", "m", "h", "d").map(unit -> (Object) (s + unit))),
                Arbitraries.of("9999999999999999d", "366d", "8761h", "525601m", "31536001s", "31536000001ms",
                        "99999999999999999999s", "100000000000000000000"),
                Arbitraries.of("soon", "5x", "1w", "-5s", "1.5h", "5 m", "m5", "", "30S", "P1D", "5sec", "1d-1h"),
                Arbitraries.integers().between(-1_000_000, -1).map(n -> (Object) n),
                Arbitraries.doubles().between(-1e9, -0.001).ofScale(3).map(d -> (Object) d),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300, 3.2e7,
                        new BigDecimal("1E+999"), BigInteger.TEN.pow(30), true, A_MAP, A_LIST)));
    }

    /** Not a DNS label / object name anywhere. */
    static Arbitrary<Object> name() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.of("Bad_Name", "-web", "web-", "a".repeat(300), "web app", "", "Web", "web/app", "wéb",
                        A_MAP, A_LIST),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8)
                        .flatMap(s -> Arbitraries.of("_", " ", "!", "A", "/").map(bad -> (Object) (s + bad + s)))));
    }

    /** A well-formed query broken the way typos break them: a delimiter lost, a quote left open, a placeholder. */
    static Arbitrary<Object> query(String valid) {
        List<Integer> delimiters = delimitersOutsideStrings(valid);
        return Arbitraries.oneOf(List.of(
                Arbitraries.of(delimiters).map(at -> (Object) (valid.substring(0, at) + valid.substring(at + 1))),
                Arbitraries.integers().between(0, valid.length()).map(at -> (Object) (valid.substring(0, at) + "\""
                        + valid.substring(at))),
                Arbitraries.of(valid.replaceFirst("\\{\\{version}}", "{{version"),
                        valid.replaceFirst("\\{\\{version}}", "{{nope}}"),
                        valid.replaceFirst("\\{\\{version}}", "{{ }}"), valid + ")", "(" + valid, "", "   ", A_MAP,
                        A_LIST)));
    }

    /** A condition no measurement could mean, or no condition at all. */
    static Arbitrary<Object> condition() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.integers().between(101, 100_000).map(n -> (Object) ("< " + n + "%")),
                Arbitraries.integers().between(1, 100_000).map(n -> (Object) ("> -" + n + "%")),
                Arbitraries.integers().between(1, 100_000).map(n -> (Object) ("< -" + n + "ms")),
                Arbitraries.of("<< 5", "between 5 and 1", "< 5xs", "", "baseline", "<= 0 * baseline", "about 5",
                        "< NaN", "< 1e999", "between -1% and 5%", "=< 5", "< ", A_MAP, A_LIST)));
    }

    /** A regular expression Java refuses, or one RE2 (Envoy) lacks. */
    static Arbitrary<Object> regex() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.of("(", "[a-", "a(?=b)", "(a)\\1", "a*+", "(?<!x)y", "\\Gx", "*a", "a{2,1}", "(?>x)", "x\\Z",
                        "(?<n>a)\\k<n>", "a++b", "x(?!y)"),
                Arbitraries.strings().withChars("ab.*+?()[]{}|\\").ofMinLength(1).ofMaxLength(10)
                        .filter(InvalidValues::javaRefuses).map(s -> (Object) s)));
    }

    static Arbitrary<Object> bool() {
        return Arbitraries.of("maybe", "yes", "TRUE", 3, "", A_MAP, A_LIST);
    }

    static Arbitrary<Object> word(String... allowed) {
        Set<String> known = Set.of(allowed);
        return Arbitraries.oneOf(List.of(Arbitraries.of("IGNORE", "MAYBE", "fuzzy", "", "roll back", A_MAP),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(2).ofMaxLength(9)
                        .filter(w -> !known.contains(w.toUpperCase(java.util.Locale.ROOT))
                                && !known.contains(w.toLowerCase(java.util.Locale.ROOT)))
                        .map(w -> (Object) w)));
    }

    /** A share of users that is none: beyond 0..100, NaN, three decimals, text. */
    static Arbitrary<Object> percentage() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.doubles().between(100.01, 1e12).ofScale(2).map(d -> (Object) d),
                Arbitraries.doubles().between(-1e12, -0.01).ofScale(2).map(d -> (Object) d),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 12.345, "25", 1e300,
                        new BigDecimal("1E+400"), 4294967396L, true, A_MAP, A_LIST)));
    }

    /** Wrong types for a map parameter. */
    static Arbitrary<Object> notAMap() {
        return Arbitraries.of("fast", 5, true, A_LIST, "[count: 3]");
    }

    /** Keys nobody knows here: random words and typos of real keys. */
    static Arbitrary<String> unknownKey(Set<String> known) {
        return Arbitraries.oneOf(List.of(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(3).ofMaxLength(10),
                Arbitraries.of(known.stream().sorted().toList()).flatMap(k -> Arbitraries.of(k + "s", k + "_",
                        k.toUpperCase(java.util.Locale.ROOT), k.substring(1)))))
                .filter(k -> !known.contains(k) && !k.isEmpty());
    }

    private static boolean javaRefuses(String regex) {
        try {
            Pattern.compile(regex);
            return false;
        } catch (PatternSyntaxException e) {
            return true;
        }
    }

    private static List<Integer> delimitersOutsideStrings(String query) {
        List<Integer> positions = new ArrayList<>();
        boolean inString = false;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '"') {
                inString = !inString;
            } else if (!inString && "()[]{}".indexOf(c) >= 0) {
                positions.add(i);
            }
        }
        return positions;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Arbitrary<Object>> cast(List<Arbitrary<?>> options) {
        return (List) options;
    }
}
