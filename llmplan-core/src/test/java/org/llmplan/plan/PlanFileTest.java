package org.llmplan.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.llmplan.error.MalformedInputException;
import org.llmplan.request.InferenceRequest;
import org.llmplan.request.TrainingRequest;

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
  void aServingPlanReadsBackAndIsNotTakenForATrainingPlan() {
    InferenceRequest replica = new InferenceRequest("llama-3.1-70b", "h100", 4, 1, 1, "fp8", "fp8", 128, "vllm",
        256, 8192, 0.9, 16, 8192, true, 2000, 500);
    ServingPlan serving = new ServingPlan(replica, 3, 20.0, "lognormal:2000,0.6", "500", 2.0, 0.05);
    PlanFile back = PlanFile.parse(PlanFile.of(serving).toJson(), "serve.json");
    assertThat(back.serving()).isEqualTo(serving);
    assertThatThrownBy(() -> back.requireTraining("llmplan network"))
        .hasMessage("this is a serving plan; llmplan network needs a training plan");
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
        .hasMessageContaining("exactly one of a training and a serving section");
  }

  @Test
  void aPathThatCannotBeWrittenSaysWhatToChange(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    java.nio.file.Path missing = dir.resolve("no-such-folder/plan.json");
    assertThatThrownBy(() -> PlanFile.of(REQUEST).write(missing))
        .isInstanceOf(org.llmplan.error.InvalidValueException.class)
        .hasMessageStartingWith("cannot write the plan to " + missing)
        .hasMessageEndingWith("choose a path in a folder that exists and can be written");
    PlanFile.of(REQUEST).write(dir.resolve("plan.json"));
    assertThat(PlanFile.read(dir.resolve("plan.json")).training()).isEqualTo(REQUEST);
  }
}
