package io.jenkins.plugins.progressive.offline;

import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Leaves out the {@code *ITest} classes, which start Jenkins: against the compile-only API they cannot run, and
 * they run in the real build ({@code mvn verify} in {@code plugin/}). The pom's surefire {@code <excludes>} says the
 * same, but surefire drops includes and excludes when {@code -Dtest=...} is given; a launcher filter (registered in
 * {@code META-INF/services}) applies to every selection.
 */
public final class NoJenkinsHereFilter implements PostDiscoveryFilter {
    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        for (TestDescriptor d = descriptor; d != null; d = d.getParent().orElse(null)) {
            if (d.getSource().orElse(null) instanceof ClassSource source
                    && source.getClassName().endsWith("ITest")) {
                return FilterResult.excluded(source.getClassName() + " starts Jenkins; it runs in the real build only");
            }
        }
        return FilterResult.included("needs no Jenkins");
    }
}
