/**
 * Feature flags in the OpenFeature flagd format: the flag-set model and the preview evaluator.
 *
 * <p>{@link io.jenkins.plugins.progressive.engine.flags.FlagSet} reads and writes a flag set ({@code flags},
 * {@code $evaluators}, {@code metadata}) and refuses an invalid one with
 * {@link io.jenkins.plugins.progressive.engine.flags.InvalidFlagSetException}, whose
 * {@link io.jenkins.plugins.progressive.engine.flags.FlagProblem}s name the flag and field. Writing back keeps every
 * key this model does not interpret.
 *
 * <p>{@link io.jenkins.plugins.progressive.engine.flags.PreviewEvaluator} evaluates a flag for a context exactly as
 * current flagd does, including the v2 {@code fractional} bucketing of flagd ≥ 0.15.0; applications still evaluate
 * with flagd, never with this. {@link io.jenkins.plugins.progressive.engine.flags.FlagPreview} turns it into "who
 * gets what" for N synthetic users and a few named test users.
 *
 * <p>Changing flags on a cluster: {@code store} (ConfigMap, {@code FeatureFlag}), {@code ops} (the operations and the
 * step's parameters), {@code audit}, {@code stale}, and the facade {@code toggle.FlagToggle}.
 */
package io.jenkins.plugins.progressive.engine.flags;
