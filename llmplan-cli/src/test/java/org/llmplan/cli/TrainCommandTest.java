package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

class TrainCommandTest {
  private static JsonNode train(String... extra) {
    String[] base = {"train", "--model", "llama-3.1-70b", "--gpu", "h100", "--gpus", "64", "--tp", "8", "--pp", "2",
        "--seq", "8192", "--distributed-optimizer", "--recompute", "selective", "--sequence-parallel", "--json"};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    CliRunner r = CliRunner.run(args);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r.json();
  }

  @Test
  void jsonCarriesTheDocumentedFieldsAndTheyAgree() {
    JsonNode j = train("--global-batch", "128", "--tokens", "15T", "--price", "2.5");
    double step = j.get("stepSeconds").asDouble();
    double sum = 0;
    for (Iterator<JsonNode> it = j.get("time").get("parts").elements(); it.hasNext(); ) {
      sum += it.next().asDouble();
    }
    assertThat(sum).isCloseTo(step, within(step * 1e-9));
    assertThat(j.get("tokensPerSecond").asDouble()).isCloseTo(128 * 8192 / step, within(1e-6));
    double time = j.get("timeToTrainSeconds").asDouble();
    assertThat(time).isCloseTo(15e12 / j.get("tokensPerSecond").asDouble(), within(time * 1e-9));
    assertThat(j.get("gpuHours").asDouble()).isCloseTo(64 * time / 3600, within(1e-3));
    assertThat(j.get("costUsd").asDouble()).isCloseTo(2.5 * j.get("gpuHours").asDouble(), within(1e-3));
    assertThat(j.get("energyKwh").asDouble()).isCloseTo(0.7 * j.get("gpuHours").asDouble(), within(1e-3));
    assertThat(j.get("mfu").asDouble()).isBetween(0.2, 0.8);
    assertThat(j.get("tflopsPerGpu").asDouble()).isCloseTo(j.get("mfu").asDouble() * 989, within(1e-6));
    assertThat(j.get("memory").get("fits").asBoolean()).isTrue();
  }

  @Test
  void theCatalogPriceIsUsedWhenNoneIsGiven() {
    JsonNode j = train("--tokens", "1B");
    assertThat(j.get("usdPerGpuHour").asDouble()).isEqualTo(4.25); // h100-sxm's dated CoreWeave price
    assertThat(j.get("priceSource").asText()).contains("CoreWeave");
  }

  @Test
  void globalBatchInTokens() {
    JsonNode j = train("--global-batch-tokens", "4194304");
    assertThat(j.get("globalBatch").asInt()).isEqualTo(512); // 4194304 tokens / 8192 per sequence
  }

  @Test
  void aTokenBatchThatIsNotWholeSequencesIsRefused() {
    CliRunner r = CliRunner.run("train", "--model", "llama-3.1-8b", "--gpu", "h100", "--seq", "8192",
        "--global-batch-tokens", "4M");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("multiple of the sequence length 8192");
  }

  @Test
  void moreDataParallelRanksRaiseThroughput() {
    double small = train("--global-batch", "64").get("tokensPerSecond").asDouble();
    CliRunner r = CliRunner.run("train", "--model", "llama-3.1-70b", "--gpu", "h100", "--gpus", "128", "--tp", "8",
        "--pp", "2", "--seq", "8192", "--distributed-optimizer", "--recompute", "selective", "--sequence-parallel",
        "--global-batch", "128", "--json");
    assertThat(r.json().get("tokensPerSecond").asDouble()).isGreaterThan(1.8 * small);
  }

  /**
   * The plan a bundle saves is the whole run: `train --plan` on it prints the same JSON, to the last digit, as the
   * command that wrote it, network, budget, checkpoints, failures and price included.
   */
  @Test
  void aSavedPlanRebuildsTheSameFigures(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    String[] run = {"--model", "llama-3.1-8b", "--gpu", "h100", "--gpus", "16", "--tp", "2", "--distributed-optimizer",
        "--fabric", "roce-100g", "--nics-per-node", "2", "--tokens", "300B", "--price", "3.1", "--storage", "nfs",
        "--checkpoint-every", "45min", "--failure-rate", "1e-3", "--simulations", "200", "--seed", "7",
        "--lr", "2e-4", "--json"};
    String[] first = new String[run.length + 3];
    first[0] = "train";
    System.arraycopy(run, 0, first, 1, run.length);
    first[run.length + 1] = "--emit";
    first[run.length + 2] = dir.resolve("b").toString();
    CliRunner original = CliRunner.run(first);
    assertThat(original.exitCode()).as(original.err()).isZero();
    CliRunner again = CliRunner.run("train", "--plan", dir.resolve("b/plan.json").toString(), "--json");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.json()).isEqualTo(original.json());
    assertThat(again.json().toString()).contains("roce-100g");
    // The same job without its network and budget gives other figures: the round trip is not vacuous.
    CliRunner plain = CliRunner.run("train", "--model", "llama-3.1-8b", "--gpu", "h100", "--gpus", "16", "--tp", "2",
        "--distributed-optimizer", "--json");
    assertThat(plain.json()).isNotEqualTo(original.json());
  }

  @Test
  void optionsBesideAPlanAreRefusedInOneLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    CliRunner saved = CliRunner.run("train", "--model", "llama-3.1-8b", "--gpu", "h100", "--gpus", "16", "--tp", "2",
        "--distributed-optimizer", "--emit", dir.resolve("b").toString());
    assertThat(saved.exitCode()).as(saved.err()).isZero();
    CliRunner r = CliRunner.run("train", "--plan", dir.resolve("b/plan.json").toString(), "--fabric", "ib-ndr");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().trim()).isEqualTo("error: --plan holds the whole run; leave out --fabric (or drop --plan and "
        + "give the options)").doesNotContain("\n");
  }
}
