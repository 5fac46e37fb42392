package io.jenkins.plugins.progressive.engine.flags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Who gets what: for one flag, how many of N synthetic users land on each variant, and what each listed test user
 * gets. A step prints it before it writes, so a wrong percentage or a rule that matches nobody shows up before any
 * application sees it.
 *
 * @param flagKey the flag
 * @param syntheticUsers how many synthetic users were evaluated
 * @param shares one row per outcome: the flag's variants in their order (also those no user got), then the code
 *     default rows (DISABLED, DEFAULT without a default variant, ERROR) that occurred
 * @param testUsers each listed user with its evaluation, in the order given
 * @param fractional whether the flag buckets with {@code fractional}: then the shares hold only for
 *     {@link PreviewEvaluator#FRACTIONAL_V2_CONSUMERS}
 */
public record FlagPreview(String flagKey, int syntheticUsers, List<Share> shares, List<TestUser> testUsers,
        boolean fractional) {

    /** 10 000 users put a 1% share within ±0.2 points of the weight; a preview still takes milliseconds. */
    public static final int DEFAULT_SYNTHETIC_USERS = 10_000;

    /**
     * One outcome's share.
     *
     * @param variant the variant, or null for the application's code default
     * @param reason with a null variant, why (DISABLED, DEFAULT, ERROR); otherwise null
     * @param users how many synthetic users got it
     * @param percent {@code users} as a percentage of all synthetic users
     */
    public record Share(String variant, EvaluationReason reason, int users, double percent) {

        /** The variant name, or e.g. {@code (code default: DISABLED)}. */
        public String label() {
            return variant != null ? variant : "(code default: " + reason + ")";
        }
    }

    /**
     * A listed user and what it gets.
     *
     * @param context the user
     * @param evaluation its evaluation
     */
    public record TestUser(EvaluationContext context, FlagEvaluation evaluation) {
    }

    public FlagPreview {
        Objects.requireNonNull(flagKey, "flagKey");
        shares = List.copyOf(shares);
        testUsers = List.copyOf(testUsers);
    }

    /** The default synthetic user {@code i}: only a targeting key, {@code synthetic-user-<i>}, stable across runs. */
    public static EvaluationContext syntheticUser(int i) {
        return EvaluationContext.of("synthetic-user-" + i);
    }

    /** The preview over {@link #DEFAULT_SYNTHETIC_USERS} default synthetic users. */
    public static FlagPreview of(PreviewEvaluator evaluator, String flagKey, List<EvaluationContext> testUsers) {
        return of(evaluator, flagKey, DEFAULT_SYNTHETIC_USERS, FlagPreview::syntheticUser, testUsers);
    }

    /**
     * The preview over synthetic users made by a factory: give them the attributes the targeting reads (an email
     * domain, a region), or every synthetic user lands on the default.
     */
    public static FlagPreview of(PreviewEvaluator evaluator, String flagKey, int syntheticUsers,
            IntFunction<EvaluationContext> syntheticUser, List<EvaluationContext> testUsers) {
        if (syntheticUsers < 1) {
            throw new IllegalArgumentException("syntheticUsers: must be at least 1, was " + syntheticUsers);
        }
        Map<String, Integer> variantCounts = new LinkedHashMap<>();
        Map<EvaluationReason, Integer> codeDefaults = new LinkedHashMap<>();
        for (int i = 0; i < syntheticUsers; i++) {
            FlagEvaluation evaluation = evaluator.evaluate(flagKey, syntheticUser.apply(i));
            if (evaluation.variant() != null) {
                variantCounts.merge(evaluation.variant(), 1, Integer::sum);
            } else {
                codeDefaults.merge(evaluation.reason(), 1, Integer::sum);
            }
        }
        List<Share> shares = new ArrayList<>();
        for (String variant : evaluator.variantNames(flagKey)) {
            shares.add(share(variant, null, variantCounts.getOrDefault(variant, 0), syntheticUsers));
        }
        codeDefaults.forEach((reason, users) -> shares.add(share(null, reason, users, syntheticUsers)));
        List<TestUser> tested = new ArrayList<>();
        for (EvaluationContext user : testUsers) {
            tested.add(new TestUser(user, evaluator.evaluate(flagKey, user)));
        }
        return new FlagPreview(flagKey, syntheticUsers, shares, tested, evaluator.usesFractional(flagKey));
    }

    private static Share share(String variant, EvaluationReason reason, int users, int total) {
        return new Share(variant, reason, users, 100.0 * users / total);
    }

    /** The preview as the lines a build log shows. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("flag '" + flagKey + "': who gets what among " + syntheticUsers + " synthetic users");
        int width = shares.stream().mapToInt(share -> share.label().length()).max().orElse(0);
        for (Share share : shares) {
            lines.add(String.format(Locale.ROOT, "  %-" + width + "s %7d  %5.1f%%", share.label(), share.users(),
                    share.percent()));
        }
        for (TestUser user : testUsers) {
            FlagEvaluation evaluation = user.evaluation();
            String outcome = evaluation.variant() != null ? evaluation.variant() + " (" + evaluation.reason() + ")"
                    : "code default (" + evaluation.reason()
                            + (evaluation.errorMessage() != null ? ": " + evaluation.errorMessage() : "") + ")";
            lines.add("  test user " + user.context().targetingKey() + " -> " + outcome);
        }
        if (fractional) {
            lines.add("  percentages use flagd's current fractional hash; they hold for "
                    + PreviewEvaluator.FRACTIONAL_V2_CONSUMERS);
        }
        return lines;
    }
}
