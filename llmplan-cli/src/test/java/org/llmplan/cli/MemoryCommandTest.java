package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemoryCommandTest {
  @Test
  void theSeedExample175BInBf16Is350GbMoreThanFourGpusHold() {
    CliRunner r = CliRunner.run("memory", "weights", "--model", "gpt3-175b", "--precision", "bf16", "--json");
    assertThat(r.exitCode()).isEqualTo(Main.ANSWER_IS_NO); // the weights do not fit one GPU
    JsonNode j = r.json();
    assertThat(j.get("weightsBytes").asDouble()).isCloseTo(350e9, within(350e9 * 0.005));
    assertThat(j.get("fitsOneGpu").asBoolean()).isFalse();
    assertThat(j.get("minGpusForWeights").asInt()).isEqualTo(5); // more than 4 x 80 GB
  }

  @Test
  void weightsOfABareParameterCount() {
    CliRunner r = CliRunner.run("memory", "weights", "--params", "175B", "--precision", "fp8", "--json");
    assertThat(r.json().get("weightsBytes").asDouble()).isEqualTo(175e9);
  }

  @Test
  void trainJsonHasTheDocumentedFields() {
    CliRunner r = CliRunner.run("memory", "train", "--model", "gpt3-175b", "--gpu", "a100-80gb", "--gpus", "1024",
        "--tp", "8", "--pp", "8", "--seq", "2048", "--global-batch", "1536", "--sequence-parallel",
        "--recompute", "selective", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("fits").asBoolean()).isTrue();
    assertThat(j.get("capacityBytes").asDouble()).isEqualTo(80.0 * (1 << 30));
    double sum = 0;
    for (String part : new String[] {"weights", "gradients", "masterWeights", "optimizerStates", "activations",
        "logits", "communicationBuffers", "frameworkOverhead"}) {
      assertThat(j.get("parts").has(part)).as(part).isTrue();
      sum += j.get("parts").get(part).asDouble();
    }
    assertThat(j.get("totalBytes").asDouble()).isCloseTo(sum, within(1.0));
    assertThat(j.get("layout").get("dp").asInt()).isEqualTo(16);
    assertThat(j.get("microBatches").asInt()).isEqualTo(96);
    // Korthikanti Fig. 1: about 9.6 GiB of activations on the first stage with SP + selective recompute
    assertThat(j.get("parts").get("activations").asDouble() / (1 << 30)).isCloseTo(9.6, within(0.1));
  }

  @Test
  void aPlanThatDoesNotFitSaysByHowMuchAndWhatToChange() {
    CliRunner r = CliRunner.run("memory", "train", "--model", "gpt3-175b", "--gpu", "h100", "--tp", "8",
        "--seq", "2048");
    assertThat(r.exitCode()).isEqualTo(Main.ANSWER_IS_NO);
    assertThat(r.out()).contains("does NOT fit").contains("Levers").contains("--pp");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown gpu | memory train --model gpt3-175b --gpu h10 | did you mean",
      "unknown model | memory train --model gpt-175 --gpu h100 | unknown model",
      "heads vs tp | memory train --model gpt3-175b --gpu h100 --tp 5 | not divisible by TP 5",
      "layers vs pp | memory train --model gpt3-175b --gpu h100 --pp 7 | layers 96",
      "gpus vs layout | memory train --model gpt3-175b --gpu h100 --tp 8 --gpus 12 | not divisible",
      "negative tp | memory train --model gpt3-175b --gpu h100 --tp -2 | tp must be between 1",
      "absurd seq | memory train --model gpt3-175b --gpu h100 --seq 999999999 | sequence length must be",
      "batch | memory train --model gpt3-175b --gpu h100 --tp 8 --gpus 32 --micro-batch 2 --global-batch 12 | "
          + "global batch 12",
      "bad precision | memory train --model gpt3-175b --gpu h100 --precision fp7 | unknown precision",
      "no fp8 on a100 | memory train --model gpt3-175b --gpu a100-80gb --precision fp8 | has no fp8",
      "bad params | memory weights --params lots | --params must be",
      "unknown option | memory train --model gpt3-175b --bogus | Unknown option",
  })
  void badInputGivesOneLineAndExitCode2(String name, String args, String message) {
    CliRunner r = CliRunner.run(args.trim().split(" +"));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.err().lines().filter(l -> l.startsWith("error:")).count()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aClusterSetsTheGpuTheNodeSizeAndTheGpuCount() {
    CliRunner r = CliRunner.run("memory", "train", "--model", "gpt3-175b", "--cluster", "selene", "--tp", "8",
        "--pp", "8", "--seq", "2048", "--global-batch", "1680", "--json");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(Main.ANSWER_IS_NO); // no recompute: it does not fit
    JsonNode j = r.json();
    assertThat(j.get("gpu").asText()).isEqualTo("a100-80gb");
    assertThat(j.get("gpus").asInt()).isEqualTo(4480); // 560 DGX A100 nodes
    assertThat(j.get("layout").get("dp").asInt()).isEqualTo(70);
  }

  @Test
  void userCatalogAddsAGpu(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("mine.yaml"), """
        gpus:
          - name: my-gpu
            vendor: Acme
            memoryGiB: 96
            hbmTBps: 4
            peaks: {bf16: 1000}
            source: my datasheet
        """);
    CliRunner r = CliRunner.run("memory", "train", "--catalog", dir.toString(), "--model", "gpt3-175b", "--gpu",
        "my-gpu", "--tp", "8", "--pp", "8", "--gpus", "64", "--seq", "2048", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.json().get("capacityBytes").asDouble()).isEqualTo(96.0 * (1 << 30));
  }

  @Test
  void malformedUserCatalogIsAOneLineError(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), "gpus:\n  - name: x\n    memoryGiB: 80\n    peaks: {bf16: 1}\n"
        + "    hbmTbps: 3\n");
    CliRunner r = CliRunner.run("catalog", "list", "gpus", "--catalog", dir.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("bad.yaml").contains("hbmTbps").doesNotContain("\tat ");
  }

  @Test
  void catalogEntryMissingARequiredValueIsAOneLineError(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), "gpus:\n  - name: x\n    peaks: {bf16: 1}\n");
    CliRunner r = CliRunner.run("catalog", "list", "gpus", "--catalog", dir.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("bad.yaml").contains("memoryGiB must be positive");
  }

  @Test
  void brokenYamlIsAOneLineError(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), "gpus: [ {name: x, memoryGiB: 80\n");
    CliRunner r = CliRunner.run("catalog", "list", "gpus", "--catalog", dir.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines().count()).isEqualTo(1);
  }
}
