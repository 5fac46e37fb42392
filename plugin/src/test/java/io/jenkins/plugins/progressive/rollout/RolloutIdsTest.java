package io.jenkins.plugins.progressive.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutIdsTest {

    @Test
    void theNextIdIsAboveTheHighestTaken() {
        assertThat(RolloutIds.next(List.of())).isEqualTo("rollout-1");
        assertThat(RolloutIds.next(List.of("rollout-1", "rollout-3"))).isEqualTo("rollout-4");
        assertThat(RolloutIds.next(List.of("rollout-x", "other", "rollout-2"))).isEqualTo("rollout-3");
    }

    @Test
    void aLongOutcomeIsCutInBuildXmlOnly() {
        RolloutAction action = new RolloutAction("rollout-1", "canaryStage", "deployment shop/cart", "prod");
        action.update("rolled-back", "x".repeat(10_000), "{\"schemaVersion\":1}");

        assertThat(action.getSummary()).hasSizeLessThan(RolloutAction.MAX_SUMMARY + 40).endsWith("(cut; the page has it all)");
        assertThat(action.savedSnapshot()).as("kept until the action is attached to its build")
                .isEqualTo("{\"schemaVersion\":1}");
    }
}
