/**
 * Kubernetes Jobs run around a rollout, typically the two halves of a database migration: a
 * {@link io.jenkins.plugins.progressive.engine.hooks.HookSpec.Phase#PRE PRE} hook expands the schema before any pod
 * changes, a {@link io.jenkins.plugins.progressive.engine.hooks.HookSpec.Phase#POST POST} hook contracts it after the
 * rollout succeeded (see docs/database-migrations.md).
 *
 * <p>Describe the Job with {@link io.jenkins.plugins.progressive.engine.hooks.HookSpec} (validated on construction);
 * run it with {@link io.jenkins.plugins.progressive.engine.hooks.JobRunner}, which creates it under a name derived from
 * the run id (so a resumed rollout follows the same Job) and completes with a
 * {@link io.jenkins.plugins.progressive.engine.hooks.HookOutcome}.
 */
package io.jenkins.plugins.progressive.engine.hooks;
