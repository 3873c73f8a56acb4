package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmplan.catalog.Catalog;
import org.llmplan.plan.PlanFile;
import org.llmplan.request.FrameworkOptions;
import org.llmplan.request.HardwareChoice;
import org.llmplan.request.LayoutChoice;
import org.llmplan.request.PrecisionRecipe;
import org.llmplan.request.TrainingRequest;

class SearchTrainCommandTest {
  private static final String[] SMALL = {"search", "train", "--model", "gpt3-1.3b", "--gpu", "a100-80gb", "--gpus", "8",
      "--seq", "1024", "--global-batch", "16", "--tokens", "100B", "--top", "3"};

  private static CliRunner search(String... extra) {
    List<String> args = new ArrayList<>(List.of(SMALL));
    args.addAll(List.of(extra));
    return CliRunner.run(args.toArray(String[]::new));
  }

  @Test
  void tableListsTheBestPlansAndWhyTheRunnerUpLost() {
    CliRunner r = search();
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("Layout search: gpt3-1.3b, 100.00B tokens, megatron, seq 1024, global batch 16")
        .contains("GPUs: 8 x a100-80gb, $2.21/GPU-h")
        .containsPattern("Searched [0-9,]+ layouts \\(every legal one\\)")
        .contains("#  GPUs           layout")
        .containsPattern("(?m)^1  8 x a100-80gb  TP")
        .containsPattern("(?m)^3  8 x a100-80gb  TP")
        .contains("Why not #2: the runner-up (")
        .contains("Pareto front, time vs cost: #1 alone");
    assertThat(r.err()).isEmpty(); // no progress bar outside a terminal
  }

  @Test
  void jsonPlansAgreeWithTrainForTheSameLayout() {
    JsonNode j = search("--json").json();
    assertThat(j.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(j.get("feasible").asBoolean()).isTrue();
    assertThat(j.get("objective").asText()).isEqualTo("time");
    assertThat(j.get("plans")).hasSize(3);
    assertThat(j.get("search").get("spaceLayouts").asLong()).isGreaterThanOrEqualTo(
        j.get("search").get("checkedLayouts").asLong());
    assertThat(j.get("search").get("complete").asBoolean()).isTrue();
    assertThat(j.get("runnerUp").get("reason").asText()).startsWith("the runner-up");
    JsonNode best = j.get("plans").get(0);
    assertThat(best.get("stepSeconds").asDouble())
        .isLessThanOrEqualTo(j.get("plans").get(1).get("stepSeconds").asDouble());
    JsonNode layout = best.get("layout");
    List<String> train = new ArrayList<>(List.of("train", "--model", "gpt3-1.3b", "--gpu", "a100-80gb", "--gpus", "8",
        "--seq", "1024", "--global-batch", "16", "--tokens", "100B", "--json",
        "--tp", layout.get("tp").asText(), "--pp", layout.get("pp").asText(), "--cp", layout.get("cp").asText(),
        "--vpp", layout.get("vpp").asText(), "--micro-batch", layout.get("microBatch").asText(),
        "--recompute", layout.get("recompute").asText(), "--sharding", layout.get("sharding").asText()));
    if (layout.get("sequenceParallel").asBoolean()) {
      train.add("--sequence-parallel");
    }
    JsonNode request = best.get("request");
    if (request.has("firstStageLayers")) {
      train.addAll(List.of("--first-stage-layers", request.get("firstStageLayers").asText()));
    }
    if (request.has("lastStageLayers")) {
      train.addAll(List.of("--last-stage-layers", request.get("lastStageLayers").asText()));
    }
    CliRunner t = CliRunner.run(train.toArray(String[]::new));
    assertThat(t.exitCode()).as(t.err()).isZero();
    assertThat(t.json().get("stepSeconds").asDouble()).isEqualTo(best.get("stepSeconds").asDouble());
    assertThat(t.json().get("memory").get("totalBytes").asDouble()).isCloseTo(best.get("memoryBytes").asDouble(),
        within(1.0));
    assertThat(t.json().get("costUsd").asDouble()).isCloseTo(best.get("costUsd").asDouble(), within(1e-6));
  }

  @Test
  void savedPlanRebuildsTheBestJobWithEveryFieldWritten(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("plan.json");
    CliRunner r = search("--save", file.toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("saved plan #1 to " + file);
    PlanFile plan = PlanFile.read(file);
    TrainingRequest t = plan.training();
    assertThat(plan.format()).isEqualTo(PlanFile.FORMAT);
    HardwareChoice h = t.hardware();
    LayoutChoice l = t.layout();
    PrecisionRecipe p = t.recipe();
    FrameworkOptions f = t.frameworkOptions();
    for (Object field : new Object[] {t.model(), h.gpu(), h.node(), h.gpus(), h.gpusPerNode(), l.tp(), l.pp(), l.dp(),
        l.cp(), l.ep(), l.vpp(), l.microBatch(), t.batch().globalBatch(), t.batch().seq(), l.sharding(), l.shardGroup(),
        l.recompute(), l.sequenceParallel(), p.precision(), p.policy(), p.optimizer(), f.framework(), f.attention(),
        l.offloadOptimizer(), l.offloadParams(), h.hostMemoryGiB(), f.overlapGradReduce()}) {
      assertThat(field).isNotNull();
    }
    JsonNode best = r.json().get("plans").get(0);
    assertThat(t.layout().tp()).isEqualTo(best.get("layout").get("tp").asInt());
    assertThat(t.layout().microBatch()).isEqualTo(best.get("layout").get("microBatch").asInt());
    var job = t.toJob(Catalog.embedded());
    assertThat(job.gpus()).isEqualTo(8);
    assertThat(job.globalBatch()).isEqualTo(16);
    assertThat(PlanFile.parse(Files.readString(file), "again").training()).isEqualTo(t);
  }

  @Test
  void aRequestNothingCanMeetExplainsItselfWithExitCode1() {
    CliRunner r = CliRunner.run("search", "train", "--model", "gpt3-175b", "--gpu", "a100-80gb", "--gpus", "8",
        "--seq", "2048", "--global-batch", "64", "--tokens", "300B", "--save", "unused.json");
    assertThat(r.exitCode()).isEqualTo(Main.ANSWER_IS_NO);
    assertThat(r.out()).contains("No plan meets the request:")
        .contains("- no layout of gpt3-175b fits in the 76.0 GiB usable of a100-80gb (80.0 GiB less the megatron margin "
            + "of 5 %) on 8 GPUs").contains("it needs at least");
    assertThat(r.err()).contains("nothing saved to unused.json");
    assertThat(Path.of("unused.json")).doesNotExist();
  }

  @Test
  void aDeadlineNothingMeetsSaysHowLongTheFastestTakes() {
    CliRunner r = search("--deadline", "2h");
    assertThat(r.exitCode()).isEqualTo(Main.ANSWER_IS_NO);
    assertThat(r.out()).contains("Limits: deadline 2.0 h").contains("- the fastest plan takes ")
        .contains("raise --deadline or allow more GPUs (--max-gpus)");
  }

  @Test
  void mistakesAreOneLineErrors() {
    CliRunner both = search("--max-gpus", "16");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).startsWith("error: give either --gpus N");
    CliRunner gpu = CliRunner.run("search", "train", "--model", "gpt3-1.3b", "--gpu", "h100,a10x", "--gpus", "8",
        "--tokens", "1B");
    assertThat(gpu.exitCode()).isEqualTo(2);
    assertThat(gpu.err()).startsWith("error: ").contains("a10x");
  }

  @Provide
  Arbitrary<List<String>> searchLines() {
    Arbitrary<String> number = Arbitraries.of("-1", "0", "1", "3", "8", "16", "1000", "x", "1.5", "");
    Arbitrary<String> option = Arbitraries.of("--gpus", "--max-gpus", "--seq", "--global-batch", "--top", "--budget",
        "--price", "--deadline", "--tokens", "--gpus-per-node", "--time-limit", "--global-batch-tokens");
    Arbitrary<List<String>> numeric = Arbitraries.entries(option, number).list().ofMaxSize(4).map(entries -> {
      List<String> args = new ArrayList<>();
      entries.forEach(e -> {
        args.add(e.getKey());
        args.add(e.getValue());
      });
      return args;
    });
    Arbitrary<List<String>> flags = Arbitraries.of("--objective=cost", "--objective=gpus", "--objective=fast",
        "--offload=always", "--offload=maybe", "--framework=deepspeed", "--framework=hf", "--precision=fp8",
        "--price=a100-80gb=2", "--json").list().ofMaxSize(3);
    Arbitrary<String> model = Arbitraries.of("gpt3-125m", "llama-3.2-1b", "qwen3-30b-a3b", "nope");
    Arbitrary<String> gpu = Arbitraries.of("a100-80gb", "h100,a100-80gb", "l4", "tpu-v5e", "h900");
    return net.jqwik.api.Combinators.combine(model, gpu, numeric, flags).as((m, g, n, f) -> {
      List<String> args = new ArrayList<>(List.of("search", "train", "--model", m, "--gpu", g, "--max-gpus", "8",
          "--tokens", "1B"));
      args.addAll(n);
      args.addAll(f);
      return args;
    });
  }

  @Property(tries = 40)
  void answersOrExplainsNeverCrashes(@ForAll("searchLines") List<String> args) {
    CliRunner r = CliRunner.run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isIn(0, 2, Main.ANSWER_IS_NO);
    if (r.exitCode() == 2) {
      assertThat(r.err()).startsWith("error: ").doesNotContain("Exception").doesNotContain("\tat ");
      assertThat(r.out()).isEmpty();
    } else {
      assertThat(r.out()).contains(args.contains("--json") ? "\"feasible\"" : "Layout search:");
    }
  }
}
