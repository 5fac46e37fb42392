package io.jenkins.plugins.progressive.engine.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import io.jenkins.plugins.progressive.engine.cluster.RolloutStatus;

/**
 * The engine's boundaries (DESIGN.md, "Conventions"), as warnings-ng's architecture tests keep analysis-model free
 * of Jenkins: the engine never sees Jenkins, Stapler or the sandbox; only tests may use the sandbox. Inside, the
 * packages form layers: {@code event} and {@code workload} hold plain values everything may use; cluster access,
 * traffic, analysis, hooks and approvals sit below the strategies; the progress report and the notifications sit
 * above them, since they describe what the strategies planned and did.
 */
@AnalyzeClasses(packages = "io.jenkins.plugins.progressive.engine", importOptions = ImportOption.DoNotIncludeTests.class)
class EngineArchitectureTest {

    private static final String ENGINE = "io.jenkins.plugins.progressive.engine..";

    @ArchTest
    static final ArchRule ENGINE_KNOWS_NO_JENKINS = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("hudson..", "jenkins..", "org.kohsuke..", "org.jenkinsci..")
            .because("the engine is a plain library; the plugin adapts Jenkins to it");

    @ArchTest
    static final ArchRule ONLY_CLUSTER_FACING_PACKAGES_TALK_TO_KUBERNETES = noClasses().that()
            .resideInAnyPackage("..engine.analysis..", "..engine.progress..", "..engine.metrics..", "..engine.event..",
                    "..engine.workload..")
            .should().dependOnClassesThat().resideInAPackage("io.fabric8.kubernetes.client..")
            .because("gates, progress, metrics, events and workload values work on measurements and plans; cluster,"
                    + " strategy and hooks own the API calls");

    @ArchTest
    static final ArchRule ENGINE_DOES_NOT_USE_THE_SANDBOX = noClasses().should().dependOnClassesThat()
            .resideInAPackage("io.jenkins.plugins.progressive.sandbox..")
            .because("the sandbox is a test fixture standing in for a cluster");

    @ArchTest
    static final ArchRule EVENTS_ARE_PLAIN_VALUES = classes().that().resideInAPackage("..engine.event..")
            .should().onlyDependOnClassesThat(resideOutsideOfPackage(ENGINE)
                    .or(resideInAnyPackage("..engine.event..", "..engine.approval.."))
                    .or(type(RolloutStatus.class)))
            .because("strategies emit the events and the report records them, so events may carry approvals and a"
                    + " Deployment's rollout status but know nothing of either side");

    @ArchTest
    static final ArchRule WORKLOAD_CHANGES_ARE_PLAIN_VALUES = classes().that().resideInAPackage("..engine.workload..")
            .should().onlyDependOnClassesThat(resideOutsideOfPackage(ENGINE)
                    .or(resideInAnyPackage("..engine.workload.."))
                    .or(type(PlanException.class)))
            .because("every strategy, the report and the plugin's step arguments share these values; bad input is"
                    + " reported as every plan reports it");

    @ArchTest
    static final ArchRule STRATEGIES_DO_NOT_SEE_THE_REPORT = noClasses().that().resideInAPackage("..engine.strategy..")
            .should().dependOnClassesThat().resideInAnyPackage("..engine.progress..", "..engine.notify..")
            .because("the report and the notifications follow a rollout through its events; strategies only emit them");

    @ArchTest
    static final ArchRule BUILDING_BLOCKS_DO_NOT_SEE_THE_STRATEGIES = noClasses().that()
            .resideInAnyPackage("..engine.event..", "..engine.workload..", "..engine.cluster..", "..engine.traffic..",
                    "..engine.analysis..", "..engine.metrics..", "..engine.hooks..", "..engine.approval..",
                    "..engine.flags..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("..engine.strategy..", "..engine.progress..", "..engine.notify..")
            .because("strategies are built from these packages, not the other way round");

    @ArchTest
    static final ArchRule SHARED_STRATEGY_CODE_KNOWS_NO_STRATEGY = noClasses().that()
            .resideInAPackage("..engine.strategy")
            .should().dependOnClassesThat().resideInAPackage("..engine.strategy.*..")
            .because("what every strategy shares must not pull one strategy into the others");

    @ArchTest
    static final ArchRule STRATEGIES_ARE_INDEPENDENT = slices().matching("..engine.strategy.(*)..")
            .should().notDependOnEachOther()
            .because("values they share live in workload and event, code they share in the strategy package");

    @ArchTest
    static final ArchRule ONLY_THE_ROLLOUT_CHOOSES_A_STRATEGY = noClasses().that()
            .resideOutsideOfPackages("..engine.rollout..", "..engine.progress..", "..engine.strategy..")
            .should().dependOnClassesThat().resideInAnyPackage("..engine.strategy.rolling..", "..engine.strategy.canary..",
                    "..engine.strategy.bluegreen..", "..engine.strategy.stateful..")
            .because("a caller starts a plan through rollout.Rollout, which chooses the strategy by the plan's type");

    @ArchTest
    static final ArchRule NOTHING_BELOW_THE_ROLLOUT_SEES_IT = noClasses().that().resideOutsideOfPackage("..engine.rollout..")
            .should().dependOnClassesThat().resideInAPackage("..engine.rollout..")
            .because("the rollout is the engine's top: strategies and the report are below it");

    @ArchTest
    static final ArchRule PACKAGES_ARE_FREE_OF_CYCLES = slices().matching("..engine.(*)..").should().beFreeOfCycles();
}
