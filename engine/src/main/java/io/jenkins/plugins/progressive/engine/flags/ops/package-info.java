/**
 * Changes to a flag set as immutable values that check their input when built and their fit to the set when applied:
 * create, enable/disable, kill switch, variants, percentage rollouts and ramps, targeting rules and segments,
 * experiments, lifecycle, archive. {@link io.jenkins.plugins.progressive.engine.flags.ops.FlagChangeRequest} groups
 * them for one write; {@link io.jenkins.plugins.progressive.engine.flags.ops.FlagStepParameters} reads them from the
 * step's named parameters.
 */
package io.jenkins.plugins.progressive.engine.flags.ops;
