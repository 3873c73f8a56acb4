package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmplan.plan.PlanFile;
import org.llmplan.plan.ServingPlan;

class SearchServeCommandTest {
  private static final String[] BASE = {"search", "serve", "--model", "llama-3.1-8b", "--gpu", "h100", "--rate",
      "40", "--input", "1000", "--output", "200", "--tpot-p99", "50ms", "--max-tp", "2", "--try-max-num-seqs",
      "64,256"};

  private static String[] with(String... more) {
    String[] all = java.util.Arrays.copyOf(BASE, BASE.length + more.length);
    System.arraycopy(more, 0, all, BASE.length, more.length);
    return all;
  }

  @Test
  void theTableRanksByCostAndSaysWhyTheRunnerUpLost(@TempDir Path dir) {
    Path file = dir.resolve("best.json");
    CliRunner r = CliRunner.run(with("--save", file.toString()));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("8 deployments tried").contains("Best: h100-sxm").contains("Why not the next: ")
        .contains("Saved the best plan");
    ServingPlan plan = PlanFile.read(file).requireServing("test");
    assertThat(plan.ratePerSecond()).isEqualTo(40.0);
    assertThat(plan.tpotP99Seconds()).isEqualTo(0.05);
    assertThat(plan.deployment().engineOptions().maxNumSeqs()).isIn(64, 256);
  }

  @Test
  void theJsonListsTheRankedCandidatesCheapestFirst() {
    CliRunner r = CliRunner.run(with("--json"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode ranked = r.json().get("ranked");
    assertThat(r.json().get("feasible").asBoolean()).isTrue();
    assertThat(ranked.size()).isBetween(1, 5);
    for (int i = 1; i < ranked.size(); i++) {
      assertThat(ranked.get(i).get("cost").get("usdPerHour").asDouble())
          .isGreaterThanOrEqualTo(ranked.get(i - 1).get("cost").get("usdPerHour").asDouble());
    }
  }

  @Test
  void anImpossibleTargetSaysInfeasibleWithTheBestUnloadedFigure() {
    CliRunner r = CliRunner.run("search", "serve", "--model", "llama-3.1-8b", "--gpu", "h100", "--rate", "5",
        "--input", "1000", "--output", "100", "--ttft-p99", "2ms", "--max-tp", "2", "--try-max-num-seqs", "64");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(Main.ANSWER_IS_NO);
    assertThat(r.out()).contains("infeasible, because no deployment meets TTFT p99 2.0 ms: the best unloaded "
        + "TTFT p99 is");
  }

  @Test
  void aModelThatFitsNowhereIsAClearErrorWithExitCode2() {
    CliRunner r = CliRunner.run("search", "serve", "--model", "llama-3.1-405b", "--gpu", "h100", "--rate", "5",
        "--input", "1000", "--output", "100", "--ttft-p99", "2s", "--precision", "bf16", "--max-tp", "4",
        "--try-max-num-seqs", "64");
    assertThat(r.exitCode()).isEqualTo(Main.USAGE_ERROR);
    assertThat(r.err()).contains("no deployment of llama-3.1-405b fits on h100 up to TP 4")
        .contains("allow a larger TP");
  }

  @Test
  void aSearchWithoutTargetIsRefused() {
    CliRunner r = CliRunner.run("search", "serve", "--model", "llama-3.1-8b", "--gpu", "h100", "--rate", "5",
        "--input", "1000", "--output", "100");
    assertThat(r.exitCode()).isEqualTo(Main.USAGE_ERROR);
    assertThat(r.err()).contains("a search needs a latency target");
  }
}
