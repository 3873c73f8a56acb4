package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemoryInferCommandTest {
  @Test
  void jsonHasTheDocumentedFieldsAndThePartsFillTheGpu() {
    CliRunner r = CliRunner.run("memory", "infer", "--model", "llama-3.1-70b", "--gpu", "h100", "--tp", "2",
        "--precision", "fp8", "--kv-precision", "fp8", "--input", "2000", "--output", "500", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(j.get("engine").asText()).isEqualTo("vllm");
    assertThat(j.get("gpus").asInt()).isEqualTo(2);
    assertThat(j.get("deployment").get("weightPrecision").asText()).isEqualTo("fp8");
    assertThat(j.get("deployment").get("kvPrecision").asText()).isEqualTo("fp8");
    assertThat(j.get("fits").asBoolean()).isTrue();
    double sum = 0;
    for (String part : List.of("weights", "activations", "engineRuntime", "kvCache", "unused")) {
      sum += j.get("parts").get(part).asDouble();
    }
    assertThat(sum).isCloseTo(j.get("capacityBytes").asDouble(), within(1.0));
    JsonNode kv = j.get("kvCache");
    assertThat(kv.get("bytesPerToken").asDouble()).isEqualTo(80 * 2 * 4 * 128); // 80 layers, 4 of 8 KV heads, FP8
    assertThat(kv.get("tokens").asLong()).isEqualTo(kv.get("blocks").asLong() * 16);
    assertThat(kv.get("sequenceTokens").asLong()).isEqualTo(2500);
    assertThat(kv.get("maxConcurrentSequences").asLong()).isEqualTo(Math.min(256,
        kv.get("sequencesAtFullLength").asLong()));
    assertThat(j.get("latency").get("ttftSeconds").asDouble()).isPositive();
    JsonNode offline = j.get("offline");
    assertThat(offline.get("outputTokensPerSecond").asDouble()).isCloseTo(
        offline.get("concurrency").asDouble() / offline.get("iterationSeconds").asDouble(), within(1e-6));
    assertThat(offline.get("totalTokensPerSecond").asDouble()).isCloseTo(
        5 * offline.get("outputTokensPerSecond").asDouble(), within(1e-6));
    assertThat(j.get("levers")).isEmpty();
  }

  @Test
  void aModelThatDoesNotFitSaysWhyAndWhatToTry() {
    CliRunner r = CliRunner.run("memory", "infer", "--model", "llama-3.1-405b", "--gpu", "h100", "--tp", "8");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(Main.ANSWER_IS_NO);
    assertThat(r.out()).contains("Verdict: does NOT fit: weights (").contains("leave no room for a KV cache")
        .contains("Levers").contains("--precision fp8").contains("--pp 2").doesNotContain("Offline");
    CliRunner json = CliRunner.run("memory", "infer", "--model", "llama-3.1-405b", "--gpu", "h100", "--tp", "8",
        "--json");
    assertThat(json.json().get("fits").asBoolean()).isFalse();
    assertThat(json.json().has("offline")).isFalse();
    assertThat(json.json().get("levers").get(0).get("fits").asBoolean()).isTrue();
  }

  @Test
  void theTableShowsTheKvCacheAndWhatItAllows() {
    CliRunner r = CliRunner.run("memory", "infer", "--model", "deepseek-v3", "--gpu", "h200", "--tp", "8", "--ep", "8",
        "--precision", "fp8", "--engine", "sglang");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("MLA latent (512 + 64 rope)").contains("Verdict: fits").contains("TTFT")
        .contains("output tokens/s");
  }

  @Test
  void aUserCatalogAddsAnEngine(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("engines.yaml"), """
        engines:
          - name: my-engine
            memoryBudget: total
            gpuMemoryUtilization: 0.5
            maxNumSeqs: 8
            maxBatchedTokens: 4096
            blockSize: 64
            kernelsPerLayer: 10
        """);
    CliRunner r = CliRunner.run("memory", "infer", "--catalog", dir.toString(), "--model", "llama-3.1-8b", "--gpu",
        "h100", "--engine", "my-engine", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.json().get("deployment").get("gpuMemoryUtilization").asDouble()).isEqualTo(0.5);
    assertThat(r.json().get("kvCache").get("tokens").asLong() % 64).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown engine | memory infer --model llama-3.1-8b --gpu h100 --engine vlm | did you mean vllm",
      "no gpu | memory infer --model llama-3.1-8b | Missing required option: '--gpu=GPU'",
      "heads vs tp | memory infer --model llama-3.1-70b --gpu h100 --tp 3 | not divisible by TP 3",
      "bad format | memory infer --model llama-3.1-8b --gpu h100 --precision int2 | unknown weight precision",
      "negative input | memory infer --model llama-3.1-8b --gpu h100 --input -1 | input tokens must be between 1",
      "too long | memory infer --model llama-3.1-8b --gpu h100 --input 200000 | more than the 131072 of llama-3.1-8b; shorten the request",
      "utilization | memory infer --model llama-3.1-8b --gpu h100 --gpu-memory-utilization 0 | "
          + "gpu-memory-utilization must be",
      "ep on dense | memory infer --model llama-3.1-8b --gpu h100 --tp 2 --ep 2 | dense, use --ep 1",
  })
  void badInputGivesOneLineAndExitCode2(String name, String args, String message) {
    CliRunner r = CliRunner.run(args.trim().split(" +"));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void servingHeadroomIsTheEnginesMarginAndTheVerdictShowsIt() {
    CliRunner headroom = CliRunner.run("memory", "infer", "--model", "llama-3.1-8b", "--gpu", "h100", "--headroom",
        "20%", "--json");
    CliRunner share = CliRunner.run("memory", "infer", "--model", "llama-3.1-8b", "--gpu", "h100",
        "--gpu-memory-utilization", "0.8", "--json");
    assertThat(headroom.exitCode()).as(headroom.err()).isZero();
    // --headroom 20% leaves 20 % outside the engine's share: the same pool as --gpu-memory-utilization 0.8
    assertThat(headroom.json().path("kvCache").path("tokens"))
        .isEqualTo(share.json().path("kvCache").path("tokens"));
    CliRunner defaults = CliRunner.run("memory", "infer", "--model", "llama-3.1-8b", "--gpu", "h100", "--json");
    assertThat(headroom.json().path("kvCache").path("tokens").asLong())
        .isLessThan(defaults.json().path("kvCache").path("tokens").asLong());
    CliRunner text = CliRunner.run("memory", "infer", "--model", "llama-3.1-8b", "--gpu", "h100", "--headroom", "0.2");
    assertThat(text.out()).contains("Verdict: fits, margin 20 % left outside the engine's share "
        + "(gpu-memory-utilization 0.80; --headroom)");
    CliRunner serve = CliRunner.run("serve", "--model", "llama-3.1-8b", "--gpu", "h100", "--rate", "2", "--duration",
        "30s", "--input", "200", "--output", "20", "--headroom", "15%");
    assertThat(serve.out()).contains("Memory: fits, margin 15 % left outside the engine's share "
        + "(gpu-memory-utilization 0.85; --headroom)");
    CliRunner tooMuch = CliRunner.run("memory", "infer", "--model", "llama-3.1-8b", "--gpu", "h100", "--headroom",
        "60%");
    assertThat(tooMuch.exitCode()).isEqualTo(Main.USAGE_ERROR);
    assertThat(tooMuch.err()).contains("--headroom");
  }
}
