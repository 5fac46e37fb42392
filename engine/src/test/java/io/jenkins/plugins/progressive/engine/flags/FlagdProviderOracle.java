package io.jenkins.plugins.progressive.engine.flags;

import dev.openfeature.contrib.providers.flagd.Config;
import dev.openfeature.contrib.providers.flagd.FlagdOptions;
import dev.openfeature.contrib.providers.flagd.FlagdProvider;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real flagd Java provider (0.11.15, the newest Maven Central serves here) in its in-process FILE mode: no flagd
 * daemon, the flag set read from a file. The reference our preview is checked against, except for what changed in
 * flagd after that version (see {@link FlagdProviderConformanceTest}).
 */
final class FlagdProviderOracle implements AutoCloseable {

    /** The typed getter an application would call; flagd checks the variant's type against it. */
    enum Type { BOOLEAN, STRING, NUMBER, OBJECT }

    /**
     * What an application sees, in a form both evaluators can be compared in.
     *
     * @param variant null when the code default applies
     * @param value the variant's value (numbers as long when integral), null with the variant
     * @param reason the OpenFeature reason
     * @param error the error code name, or null
     */
    record Outcome(String variant, Object value, String reason, String error) {

        static Outcome of(FlagEvaluation evaluation) {
            return new Outcome(evaluation.variant(), RuleFixture.canonical(evaluation.value()),
                    evaluation.reason().name(), evaluation.error() == null ? null : evaluation.error().name());
        }
    }

    static {
        // The old provider's schema rejects what current flagd accepts (shorthand sem_ver, no defaultVariant) and
        // logs each flag set at WARN; the tests use such sets on purpose.
        System.setProperty("org.slf4j.simpleLogger.log.dev.openfeature", "error");
    }

    private final FlagdProvider provider;
    private final Client client;
    private final Path file;

    FlagdProviderOracle(String flagSetJson) {
        try {
            file = Files.createTempFile("flagd-oracle", ".json");
            Files.writeString(file, flagSetJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A long poll interval: the file never changes, and polling would only add noise to a benchmark.
        // deadline: how long initialisation may take before the provider gives up (default 500 ms, doubled for the
        // first read). It returns as soon as the file is read; on a loaded CI machine that took over a second.
        provider = new FlagdProvider(FlagdOptions.builder().resolverType(Config.Resolver.FILE)
                .offlineFlagSourcePath(file.toString()).offlinePollIntervalMs(600_000).deadline(60_000).build());
        String domain = "oracle-" + UUID.randomUUID();
        OpenFeatureAPI.getInstance().setProviderAndWait(domain, provider);
        client = OpenFeatureAPI.getInstance().getClient(domain);
    }

    Outcome evaluate(String flagKey, Type type, EvaluationContext context) {
        FlagEvaluationDetails<?> details = details(flagKey, type, toOpenFeature(context));
        Object value = details.getVariant() == null ? null : plain(details.getValue());
        return new Outcome(details.getVariant(), RuleFixture.canonical(value), details.getReason(),
                details.getErrorCode() == null ? null : details.getErrorCode().name());
    }

    private static Object plain(Object value) {
        if (value instanceof Value object) {
            return object.isStructure() ? object.asStructure().asObjectMap() : object.asObject();
        }
        return value;
    }

    /** One evaluation through the OpenFeature client, as an application makes it; for the benchmark. */
    FlagEvaluationDetails<?> details(String flagKey, Type type, ImmutableContext context) {
        return switch (type) {
            case BOOLEAN -> client.getBooleanDetails(flagKey, false, context);
            case STRING -> client.getStringDetails(flagKey, "(code default)", context);
            case NUMBER -> client.getDoubleDetails(flagKey, -1.0, context);
            case OBJECT -> client.getObjectDetails(flagKey, new Value(), context);
        };
    }

    /** One evaluation straight through the provider, without the client's hooks; for the benchmark. */
    Object booleanThroughProvider(String flagKey, ImmutableContext context) {
        return provider.getBooleanEvaluation(flagKey, false, context);
    }

    static ImmutableContext toOpenFeature(EvaluationContext context) {
        Map<String, Value> attributes = new LinkedHashMap<>();
        context.attributes().forEach((name, value) -> attributes.put(name, Value.objectToValue(value)));
        return new ImmutableContext(context.targetingKey(), attributes);
    }

    @Override
    public void close() throws IOException {
        provider.shutdown();
        Files.deleteIfExists(file);
    }
}
