/**
 * Where flag sets live on a cluster: a ConfigMap key ({@code file:} sync) or a {@code FeatureFlag} resource
 * (Kubernetes sync). Reads and compare-and-set writes on the resourceVersion; a lost race is a
 * {@link io.jenkins.plugins.progressive.engine.flags.store.FlagStoreConflictException} that changed nothing.
 */
package io.jenkins.plugins.progressive.engine.flags.store;
