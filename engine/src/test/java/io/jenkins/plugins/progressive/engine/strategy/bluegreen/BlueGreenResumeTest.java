package io.jenkins.plugins.progressive.engine.strategy.bluegreen;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.jenkins.plugins.progressive.engine.strategy.bluegreen.BlueGreenResume.Step;
import org.junit.jupiter.api.Test;

/**
 * What a restarted blue/green release does with the record it finds and the slot the Services select, decided without
 * a cluster. The crash test (campaign.CrashResumeTest) checks the same decisions against the sandbox.
 */
class BlueGreenResumeTest {

    private static final String HOLDER = "https://ci.example/job/web/7/";

    @Test
    void withoutARecordOfThisHolderTheReleaseStartsFromTheBeginning() {
        assertThat(BlueGreenResume.decide(null, Slot.BLUE)).isEqualTo(Step.RELEASE);
    }

    @Test
    void aDeployCutOffGoesOnAndNeverSkipsItsChecksOrApproval() {
        assertThat(BlueGreenResume.decide(record(BlueGreenState.DEPLOYING), Slot.BLUE)).isEqualTo(Step.RELEASE);
    }

    @Test
    void anApprovedSwitchIsFinishedAndASwitchThatLandedIsWatchedNeverSwitchedAgain() {
        assertThat(BlueGreenResume.decide(record(BlueGreenState.SWITCHING), Slot.BLUE)).isEqualTo(Step.SWITCH);
        assertThat(BlueGreenResume.decide(record(BlueGreenState.SWITCHING), Slot.GREEN)).isEqualTo(Step.WATCH);
        assertThat(BlueGreenResume.decide(record(BlueGreenState.SWITCHING), null)).isEqualTo(Step.SWITCH);
    }

    @Test
    void aPromotedReleaseOnlyFinishesItsScaleDownAndPostHook() {
        assertThat(BlueGreenResume.decide(record(BlueGreenState.PROMOTED), Slot.GREEN)).isEqualTo(Step.FINISH);
        // Switched back by hand since: the old slot serves and must not be scaled down.
        assertThat(BlueGreenResume.decide(record(BlueGreenState.PROMOTED), Slot.BLUE)).isEqualTo(Step.RELEASE);
    }

    @Test
    void anUndoInProgressIsFinishedNeverTurnedIntoARelease() {
        for (Slot live : new Slot[] {Slot.BLUE, Slot.GREEN, null}) {
            assertThat(BlueGreenResume.decide(record(BlueGreenState.SWITCHING_BACK), live)).isEqualTo(Step.SWITCH_BACK);
        }
        assertThat(BlueGreenResume.decide(record(BlueGreenState.NOT_PROMOTED), Slot.BLUE)).isEqualTo(Step.STOP);
    }

    @Test
    void servicesLeftDisagreeingByASwitchCountAsTheSlotTheSwitchLeaves() {
        assertThat(BlueGreenResume.liveWhileMixed(record(BlueGreenState.SWITCHING))).isEqualTo(Slot.BLUE);
        assertThat(BlueGreenResume.liveWhileMixed(record(BlueGreenState.SWITCHING_BACK))).isEqualTo(Slot.GREEN);
        assertThat(BlueGreenResume.liveWhileMixed(record(BlueGreenState.DEPLOYING))).isNull();
        assertThat(BlueGreenResume.liveWhileMixed(record(BlueGreenState.PROMOTED))).isNull();
        assertThat(BlueGreenResume.liveWhileMixed(null)).isNull();
    }

    @Test
    void theRecordReadsBackForItsHolderOnlyAndIsTheSameTextEveryTime() {
        BlueGreenState switching = record(BlueGreenState.SWITCHING);
        assertThat(switching.toJson()).isEqualTo(record(BlueGreenState.SWITCHING).toJson())
                .isEqualTo("{\"from\":\"blue\",\"holder\":\"" + HOLDER + "\",\"phase\":\"switching\",\"to\":\"green\"}");
        Deployment green = new DeploymentBuilder().withNewMetadata().withName("web-green")
                .addToAnnotations(BlueGreenState.ANNOTATION, switching.toJson()).endMetadata().build();
        assertThat(BlueGreenState.read(green, HOLDER)).isEqualTo(switching);
        assertThat(BlueGreenState.read(green, "https://ci.example/job/web/8/")).isNull();
        assertThat(BlueGreenState.read(null, HOLDER)).isNull();
    }

    private static BlueGreenState record(String phase) {
        return new BlueGreenState(HOLDER, phase, Slot.BLUE, Slot.GREEN);
    }
}
