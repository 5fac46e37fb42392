package io.jenkins.plugins.progressive.engine.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The engine's boundaries (DESIGN.md, "Conventions"), as warnings-ng's architecture tests keep analysis-model free
 * of Jenkins: the engine never sees Jenkins, Stapler or the sandbox; only tests may use the sandbox.
 */
@AnalyzeClasses(packages = "io.jenkins.plugins.progressive.engine", importOptions = ImportOption.DoNotIncludeTests.class)
class EngineArchitectureTest {

    @ArchTest
    static final ArchRule ENGINE_KNOWS_NO_JENKINS = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("hudson..", "jenkins..", "org.kohsuke..", "org.jenkinsci..")
            .because("the engine is a plain library; the plugin adapts Jenkins to it");

    @ArchTest
    static final ArchRule ONLY_CLUSTER_FACING_PACKAGES_TALK_TO_KUBERNETES = noClasses().that()
            .resideInAnyPackage("..engine.analysis..", "..engine.progress..", "..engine.metrics..")
            .should().dependOnClassesThat().resideInAPackage("io.fabric8.kubernetes.client..")
            .because("gates, progress and metrics work on measurements and events; cluster, strategy and hooks own the API calls");

    @ArchTest
    static final ArchRule ENGINE_DOES_NOT_USE_THE_SANDBOX = noClasses().should().dependOnClassesThat()
            .resideInAPackage("io.jenkins.plugins.progressive.sandbox..")
            .because("the sandbox is a test fixture standing in for a cluster");
}
