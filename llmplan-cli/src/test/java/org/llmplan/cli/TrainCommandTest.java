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
}
