package org.llmplan.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.MalformedInputException;
import org.llmplan.request.BatchShape;
import org.llmplan.request.EngineOptions;
import org.llmplan.request.FrameworkOptions;
import org.llmplan.request.HardwareChoice;
import org.llmplan.request.InferenceRequest;
import org.llmplan.request.LayoutChoice;
import org.llmplan.request.NumberFormats;
import org.llmplan.request.PrecisionRecipe;
import org.llmplan.request.ReplicaLayout;
import org.llmplan.request.TokenCounts;
import org.llmplan.request.TrainingRequest;

class PlanFileTest {
  private static final ObjectMapper TREE = new ObjectMapper();

  private static final TrainingRequest REQUEST = TrainingRequest.of("gpt3-175b")
      .with(HardwareChoice.builder().gpu("a100-80gb").gpus(1024).gpusPerNode(8).build())
      .with(LayoutChoice.builder().tp(8).pp(8).dp(16).cp(1).ep(1).vpp(1).microBatch(1).sharding("dist-opt")
          .recompute("selective").sequenceParallel(true).build())
      .with(BatchShape.builder().globalBatch(1536).seq(2048).build())
      .with(PrecisionRecipe.builder().precision("bf16").optimizer("adamw").build())
      .with(FrameworkOptions.builder().framework("megatron").build());

  @Test
  void aSavedPlanReadsBackAsTheSameRequest() {
    PlanFile back = PlanFile.parse(PlanFile.of(REQUEST).toJson(), "plan.json");
    assertThat(back.training()).isEqualTo(REQUEST);
    assertThat(back.format()).isEqualTo(PlanFile.FORMAT);
  }

  /** Everything `train` computes a file from besides the job: budget, network, checkpoints, learning rate. */
  @Test
  void theRunAroundTheJobReadsBackTheSame() {
    RunPlan run = new RunPlan(3.0e11, 2.5, "roce-100g", 2, 2.0, new CheckpointPlan("nfs", "blocking", "45min", 0.02,
        1e-3, "15min", "150KB", 0, 7L), new LearningRate(1.5e-4, 1.5e-5, 0.02, "linear"));
    PlanFile back = PlanFile.parse(PlanFile.of(REQUEST, run).toJson(), "plan.json");
    assertThat(back.run()).isEqualTo(run);
    assertThat(back.training()).isEqualTo(REQUEST);
    assertThat(back.run().network().describe()).isEqualTo("fabric roce-100g, 2 NICs per node, 2:1 oversubscribed");
  }

  @Test
  void aServingPlanWithARunSectionIsRefused() {
    String text = PlanFile.of(SERVING).toJson().replace("\"serving\"", "\"run\" : {\"tokens\" : 1.0E9}, \"serving\"");
    assertThatThrownBy(() -> PlanFile.parse(text, "s.json")).isInstanceOf(MalformedInputException.class)
        .hasMessage("s.json is a serving plan with a training run section; drop \"run\"");
  }

  private static final InferenceRequest REPLICA = InferenceRequest.of("llama-3.1-70b", "h100")
      .with(ReplicaLayout.builder().tp(4).pp(1).ep(1).build())
      .with(NumberFormats.builder().precision("fp8").kvPrecision("fp8").groupSize(128).build())
      .with(EngineOptions.builder().engine("vllm").maxNumSeqs(256).maxBatchedTokens(8192).gpuMemoryUtilization(0.9)
          .blockSize(16).maxModelLen(8192).chunkedPrefill(true).build())
      .with(TokenCounts.builder().input(2000).output(500).build());
  private static final ServingPlan SERVING = new ServingPlan(REPLICA, 3, 20.0, "lognormal:2000,0.6", "500", 2.0,
      0.05);

  @Test
  void aServingPlanReadsBackAndIsNotTakenForATrainingPlan() {
    PlanFile back = PlanFile.parse(PlanFile.of(SERVING).toJson(), "serve.json");
    assertThat(back.serving()).isEqualTo(SERVING);
    assertThatThrownBy(() -> back.requireTraining("llmplan network"))
        .hasMessage("this is a serving plan; llmplan network needs a training plan");
  }

  /** Every field of the question round-trips, and one left out is not written (serve takes its default). */
  @Test
  void aDisaggregatedServingPlanKeepsTheWholeQuestion() throws Exception {
    ServingPlan split = new ServingPlan(REPLICA, 2, 20.0, "lognormal:2000,0.6", "500", 2.0, 0.05, "gamma:cv=2",
        "10min", 7L, null, "1:2", 400.0, 3.5);
    PlanFile back = PlanFile.parse(PlanFile.of(split).toJson(), "split.json");
    assertThat(back.serving()).isEqualTo(split);
    JsonNode written = TREE.readTree(PlanFile.of(split).toJson()).get("serving");
    assertThat(written.get("disaggregated").asText()).isEqualTo("1:2");
    assertThat(written.get("kvLinkGbps").asDouble()).isEqualTo(400.0);
    assertThat(written.has("trace")).isFalse();
  }

  /** A serving plan written before requests had parts (checked in) reads as the same replica, in the same JSON. */
  @Test
  void aCheckedInVersionOneServingPlanStillLoads() throws Exception {
    Path saved = Path.of(PlanFileTest.class.getResource("/plan/llama-3.1-70b-serving.v1.json").toURI());
    PlanFile old = PlanFile.read(saved);
    assertThat(old.serving()).isEqualTo(SERVING);
    Catalog catalog = Catalog.embedded();
    assertThat(old.serving().deployment().toDeployment(catalog)).isEqualTo(REPLICA.toDeployment(catalog));
    // Version 2 added the training run only: a serving plan's section is written as version 1 wrote it.
    assertThat(TREE.readTree(PlanFile.of(SERVING).toJson()).get("serving"))
        .isEqualTo(TREE.readTree(Files.readString(saved)).get("serving"));
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
  void aNewerVersionIsOneLineSayingWhichVersionsAreRead() {
    String newer = PlanFile.of(REQUEST).toJson().replace(PlanFile.FORMAT, "llmplan-plan/99");
    assertThatThrownBy(() -> PlanFile.parse(newer, "new.json"))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageStartingWith("new.json has format llmplan-plan/99; this llmplan reads llmplan-plan/1, llmplan-plan/2:")
        .message().doesNotContain("\n");
  }

  /** A file written by the llmplan before requests had parts (checked in): the same JSON, the same job. */
  @Test
  void aCheckedInVersionOnePlanStillLoadsAndGivesTheSameJob() throws Exception {
    Path saved = Path.of(PlanFileTest.class.getResource("/plan/gpt3-175b.v1.json").toURI());
    PlanFile old = PlanFile.read(saved);
    assertThat(old.format()).isEqualTo("llmplan-plan/1");
    assertThat(old.training()).isEqualTo(REQUEST);
    Catalog catalog = Catalog.embedded();
    assertThat(old.training().toJob(catalog)).isEqualTo(REQUEST.toJob(catalog));
    // Version 2 added the run section; the job is written with the same fields and values as version 1.
    assertThat(PlanFile.FORMAT).isEqualTo("llmplan-plan/2");
    assertThat(old.run()).isNull();
    assertThat(old.runOrDefaults()).isEqualTo(RunPlan.DEFAULTS);
    assertThat(TREE.readTree(PlanFile.of(REQUEST).toJson()).get("training"))
        .isEqualTo(TREE.readTree(Files.readString(saved)).get("training"));
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
