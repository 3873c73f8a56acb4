package org.llmplan.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.llmplan.error.MalformedInputException;
import org.llmplan.train.TrainingRequest;

class PlanFileTest {
  private static final TrainingRequest REQUEST = new TrainingRequest("gpt3-175b", "a100-80gb", null, null, 1024,
      8, 8, 8, 16, 1, 1, 1, 1, 1536, null, 2048, "dist-opt", null, "selective", true, "bf16", null, "adamw",
      "megatron", null, null, null, null, null, null, null, null);

  @Test
  void aSavedPlanReadsBackAsTheSameRequest() {
    PlanFile back = PlanFile.parse(PlanFile.of(REQUEST).toJson(), "plan.json");
    assertThat(back.training()).isEqualTo(REQUEST);
    assertThat(back.format()).isEqualTo(PlanFile.FORMAT);
  }

  @Test
  void aPlanFromAnotherVersionIsRefusedWithWhatToDo() {
    String other = PlanFile.of(REQUEST).toJson().replace(PlanFile.FORMAT, "llmplan-plan/0");
    assertThatThrownBy(() -> PlanFile.parse(other, "old.json"))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("old.json has format llmplan-plan/0")
        .hasMessageContaining("save the plan again");
  }

  @Test
  void unknownFieldsAndBrokenJsonAreRefused() {
    assertThatThrownBy(() -> PlanFile.parse("{\"format\":\"llmplan-plan/1\",\"training\":{\"tpp\":2}}", "p.json"))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("p.json is not an llmplan plan");
    assertThatThrownBy(() -> PlanFile.parse("{", "p.json")).isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> PlanFile.parse("{\"format\":\"llmplan-plan/1\"}", "p.json"))
        .hasMessageContaining("no training section");
  }
}
