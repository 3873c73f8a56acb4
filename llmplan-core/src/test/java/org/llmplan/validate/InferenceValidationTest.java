package org.llmplan.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.MalformedInputException;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.infer.IterationTime;

/** How serving rows become planner questions, which quantities are compared, and what is skipped and why. */
class InferenceValidationTest {
  private static final Catalog CATALOG = Catalog.embedded();
  private static final Path PUBLISHED = Path.of("..", "validation", "inference_published.csv");
  private static final List<String> COLUMNS = List.of("id", "model", "params_b", "active_params_b", "hardware",
      "gpu_mem_gb", "num_gpus", "tp", "pp", "ep", "dp", "precision", "engine", "engine_version", "input_len",
      "output_len", "batch_size", "concurrency_or_request_rate", "num_requests", "dataset", "throughput_output_tok_s",
      "throughput_output_tok_s_per_gpu", "throughput_total_tok_s", "request_throughput_req_s", "ttft_ms", "tpot_ms",
      "itl_ms", "e2e_latency_ms", "latency_statistic", "source", "notes");

  @TempDir
  Path dir;

  private Path csv(List<Map<String, String>> rows) throws IOException {
    StringBuilder b = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    for (Map<String, String> row : rows) {
      b.append(String.join(",", COLUMNS.stream().map(c -> row.getOrDefault(c, "")).toList())).append('\n');
    }
    Path file = dir.resolve("rows.csv");
    Files.writeString(file, b);
    return file;
  }

  private static Map<String, String> row(String id, String concurrency, Map<String, String> more) {
    Map<String, String> r = new java.util.HashMap<>(Map.of("id", id, "model", "Llama-3.1-8B-Instruct",
        "hardware", "H100 SXM", "gpu_mem_gb", "80", "num_gpus", "1", "tp", "1", "precision", "BF16",
        "engine", "vLLM", "input_len", "1000", "output_len", "200"));
    r.put("concurrency_or_request_rate", concurrency);
    r.putAll(more);
    return r;
  }

  @Test
  void thePublishedTensorRtRowsStateTheirFp8CacheAndMemoryShareAsAssumptions() {
    InferenceValidationReport report = new InferenceValidation(CATALOG).run(PUBLISHED);
    InferenceComparison i056 = report.rows().stream().filter(r -> r.id().equals("I056")).findFirst().orElseThrow();
    assertThat(i056.model()).isEqualTo("llama-3.3-70b");
    assertThat(i056.layout()).isEqualTo("TP1 PP1 fp8 weights, fp8 KV, tensorrt-llm");
    assertThat(i056.metric()).isEqualTo(InferenceMetric.OUTPUT_TOKENS_PER_SEC);
    assertThat(i056.assumptions()).anyMatch(a -> a.contains("architecture of llama-3.3-70b"))
        .anyMatch(a -> a.startsWith("FP8 KV cache")).anyMatch(a -> a.contains("0.95"));
    InferenceComparison i327 = report.rows().stream().filter(r -> r.id().equals("I327")).findFirst().orElseThrow();
    assertThat(i327.assumptions()).anyMatch(a -> a.startsWith("max-batched-tokens 20000"));
    assertThat(report.skipped()).isEmpty();
  }

  @Test
  void fp4RowsAreNvfp4AndTheMoeRowsRunAttentionDataParallelAsTheirNotesSay() {
    InferenceValidationReport report = new InferenceValidation(CATALOG).run(PUBLISHED);
    InferenceComparison i054 = report.rows().stream().filter(r -> r.id().equals("I054")).findFirst().orElseThrow();
    assertThat(i054.gpu()).isEqualTo("b200"); // "B200 (DGX B200)"
    assertThat(i054.layout()).isEqualTo("TP1 PP1 nvfp4 weights, fp8 KV, tensorrt-llm");
    InferenceComparison i134 = report.rows().stream().filter(r -> r.id().equals("I134")).findFirst().orElseThrow();
    assertThat(i134.layout()).isEqualTo("DP8-attention EP8 PP1 nvfp4 weights, fp8 KV, tensorrt-llm");
    assertThat(i134.assumptions()).anyMatch(a -> a.startsWith("attention DP over the 8 GPUs"));
    assertThat(report.byFamily()).containsKeys("b200 x qwen3-235b-a22b", "h100-sxm x llama-3.1-8b");
    assertThat(report.byFamily().values().stream().mapToInt(ErrorSummary::count).sum()).isEqualTo(98);
  }

  @Test
  void aFixedConcurrencyRowIsComparedInEveryQuantityItReports() throws IOException {
    Path file = csv(List.of(row("C1", "1", Map.of("ttft_ms", "50", "tpot_ms", "7", "e2e_latency_ms", "1500",
        "throughput_output_tok_s", "130", "latency_statistic", "mean"))));
    InferenceValidationReport report = new InferenceValidation(CATALOG).run(file);
    assertThat(report.rows()).extracting(InferenceComparison::metric).containsExactly(
        InferenceMetric.OUTPUT_TOKENS_PER_SEC, InferenceMetric.TTFT_MS, InferenceMetric.TPOT_MS,
        InferenceMetric.E2E_LATENCY_MS);
    InferenceDeployment d = org.llmplan.request.InferenceRequest.of("llama-3.1-8b", "h100-sxm")
        .with(org.llmplan.request.NumberFormats.builder().precision("bf16").build()).toDeployment(CATALOG);
    IterationTime t = new IterationTime(d);
    InferenceComparison ttft = report.rows().get(1);
    assertThat(ttft.predicted()).isCloseTo(t.ttftSeconds(1000) * 1e3, within(1e-9));
    assertThat(report.rows().get(2).predicted()).isCloseTo(t.tpotSeconds(1, 1100) * 1e3, within(1e-9));
    assertThat(ttft.errorPct()).isCloseTo((ttft.predicted() - 50) / 50 * 100, within(1e-9));
  }

  @Test
  void whatCannotBeComparedIsSkippedWithTheReason() throws IOException {
    Path file = csv(List.of(
        row("R1", "rate 4 req/s", Map.of("throughput_output_tok_s", "900")),
        row("R2", "offline, infinite rate", Map.of("ttft_ms", "9000")),
        row("R3", "16", Map.of("tpot_ms", "12", "latency_statistic", "p99")),
        row("R4", "16", Map.of("model", "Mystery-13B", "tpot_ms", "12")),
        row("R5", "16", Map.of("engine", "llama.cpp", "tpot_ms", "12")),
        row("R6", "16", Map.of("tp", "3", "tpot_ms", "12"))));
    InferenceValidationReport report = new InferenceValidation(CATALOG).run(file);
    assertThat(report.rows()).isEmpty();
    assertThat(report.summary().count()).isZero();
    assertThat(report.skipped()).extracting(SkippedRow::id).containsExactly("R1", "R2", "R3", "R4", "R5", "R6");
    assertThat(report.skipped()).extracting(SkippedRow::reason).satisfiesExactly(
        r -> assertThat(r).contains("needs the serving simulator"),
        r -> assertThat(r).contains("latency of an offline run is queueing"),
        r -> assertThat(r).contains("percentile"),
        r -> assertThat(r).contains("not in the catalog"),
        r -> assertThat(r).contains("has no profile"),
        r -> assertThat(r).contains("not divisible by TP 3"));
  }

  @Test
  void malformedFilesAreOneLineErrors() throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "id,model\nX,Y\n");
    assertThatThrownBy(() -> new InferenceValidation(CATALOG).run(file)).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("missing columns").hasMessageContaining("hardware");
    Files.writeString(file, "");
    assertThatThrownBy(() -> new InferenceValidation(CATALOG).run(file)).hasMessageContaining("the file is empty");
  }
}
