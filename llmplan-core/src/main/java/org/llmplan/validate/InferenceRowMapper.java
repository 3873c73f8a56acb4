package org.llmplan.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.PlanInputException;
import org.llmplan.hardware.Accelerator;
import org.llmplan.profile.EngineProfile;
import org.llmplan.request.EngineOptions;
import org.llmplan.request.InferenceRequest;
import org.llmplan.request.NumberFormats;
import org.llmplan.request.ReplicaLayout;
import org.llmplan.request.TokenCounts;

/**
 * States a published serving row as the planner question it answers (docs/validation.md, "Serving rows"):
 * catalog names for the model, GPU and engine, the layout and formats the row gives, and for what it leaves
 * open the engine's defaults, each recorded as an assumption.
 */
final class InferenceRowMapper {
  private static final Pattern NUMBER = Pattern.compile("^\\s*(\\d+)\\s*$");
  private static final Pattern CONCURRENCY = Pattern.compile("(?i)^\\s*(?:concurrency|clients|users)?\\s*[=:]?\\s*(\\d+)\\s*$");

  private final Catalog catalog;

  InferenceRowMapper(Catalog catalog) {
    this.catalog = catalog;
  }

  MappedInferenceRow map(PublishedInferenceRow r) {
    try {
      return mapOrThrow(r);
    } catch (PlanInputException e) {
      return new SkippedRow(r.id(), e.getMessage());
    }
  }

  private MappedInferenceRow mapOrThrow(PublishedInferenceRow r) {
    List<String> assumptions = new ArrayList<>();
    String model = modelName(r.model(), assumptions);
    if (model == null) {
      return new SkippedRow(r.id(), "model '" + r.model() + "' is not in the catalog (add it with --catalog DIR)");
    }
    if (r.hardware() == null) {
      return new SkippedRow(r.id(), "no hardware given");
    }
    Accelerator gpu = catalog.gpu(r.hardware().replaceAll("\\s*\\(.*\\)\\s*$", ""));
    if (r.gpuMemGb() != null && Math.abs(r.gpuMemGb() - gpu.memoryGiB()) > 0.1 * gpu.memoryGiB()) {
      return new SkippedRow(r.id(), "the row's " + r.gpuMemGb() + " GB GPU is not the catalog's " + gpu.name()
          + " (" + gpu.memoryGiB() + " GiB)");
    }
    String engine = engineName(r.engine());
    if (engine == null) {
      return new SkippedRow(r.id(), "engine '" + r.engine() + "' has no profile (engines.yaml: vllm, "
          + "tensorrt-llm, sglang, hf)");
    }
    String weights = weightFormat(r.precision(), r.notes());
    if (weights == null) {
      return new SkippedRow(r.id(), "precision '" + r.precision() + "' is not a weight format llmplan models");
    }
    if (r.inputLen() == null || r.outputLen() == null) {
      return new SkippedRow(r.id(), "input or output length not stated");
    }
    int tp = orAssume(r.tp(), 1, "TP not stated: 1", assumptions);
    int pp = orAssume(r.pp(), 1, "PP not stated: 1", assumptions);
    boolean attentionDp = tp > 1 && r.notes() != null && r.notes().toLowerCase(Locale.ROOT)
        .contains("enable_attention_dp: true");
    int ep = r.ep() != null ? r.ep() : attentionDp ? tp : 1;
    if (attentionDp) {
      assumptions.add("attention DP over the " + tp + " GPUs (the notes' enable_attention_dp: true), so EP " + ep
          + (r.ep() == null ? " (EP not stated: attention DP spreads the experts over the same GPUs)" : ""));
    }
    int replicas = r.dp() != null ? r.dp()
        : r.numGpus() != null && r.numGpus() % (tp * pp) == 0 ? r.numGpus() / (tp * pp) : 1;

    InferenceRequest request = asBenchmarked(InferenceRequest.of(model, gpu.name())
        .with(ReplicaLayout.builder().tp(tp).pp(pp).ep(ep).attentionDp(attentionDp).build())
        .with(TokenCounts.builder().input(r.inputLen()).output(r.outputLen()).build()), r, engine, weights,
        assumptions);
    if (r.concurrencyOrRequestRate() == null) {
      return new SkippedRow(r.id(), "neither a concurrency nor a request rate is stated");
    }
    int clients = clients(r.concurrencyOrRequestRate());
    if (clients == 0) {
      return new SkippedRow(r.id(), "'" + r.concurrencyOrRequestRate() + "': a request rate needs the serving "
          + "simulator; this check compares offline and fixed-concurrency runs");
    }
    List<InferenceCase.Measurement> measured = new ArrayList<>();
    List<SkippedRow> skipped = new ArrayList<>();
    compare(r, clients, measured, skipped);
    if (measured.isEmpty()) {
      return skipped.isEmpty() ? new SkippedRow(r.id(), "no measurement to compare")
          : new SkippedRow(r.id(), skipped.get(0).reason());
    }
    return new InferenceCase(r.id(), request, replicas, clients, measured, skipped, assumptions);
  }

  /** The request with the formats and engine limits the source's benchmark ran with, each one said. */
  private InferenceRequest asBenchmarked(InferenceRequest request, PublishedInferenceRow r, String engine,
      String weights, List<String> assumptions) {
    EngineProfile profile = catalog.engine(engine);
    String kv = null;
    Double memoryShare = null;
    Integer budget = null;
    boolean trtllmBench = r.engine().toLowerCase(Locale.ROOT).contains("trtllm-bench");
    if (trtllmBench && ("fp8".equals(weights) || "nvfp4".equals(weights))) {
      kv = "fp8";
      assumptions.add("FP8 KV cache: the ModelOpt " + weights + " checkpoints quantize the KV cache to FP8 "
          + "(hf_quant_config kv_cache_quant_algo FP8); with a 16-bit cache the prediction falls 30-40 % short");
    }
    if (trtllmBench) {
      memoryShare = 0.95;
      assumptions.add("kv_cache_free_gpu_mem_fraction 0.95, which the source's trtllm-bench runs often pass");
    }
    if (!profile.chunkedPrefill() && profile.maxBatchedTokens() > 0 && r.inputLen() > profile.maxBatchedTokens()) {
      budget = r.inputLen();
      assumptions.add("max-batched-tokens " + r.inputLen() + ": the benchmark must hold the whole "
          + r.inputLen() + "-token prompt, above the default " + profile.maxBatchedTokens());
    }
    Integer seqs = null;
    Matcher batch = NUMBER.matcher(r.batchSize() == null ? "" : r.batchSize());
    if (batch.matches()) {
      seqs = Integer.parseInt(batch.group(1));
    } else {
      assumptions.add("batch size '" + (r.batchSize() == null ? "" : r.batchSize()) + "': " + engine
          + "'s max-num-seqs default " + (profile.maxNumSeqs() > 0 ? profile.maxNumSeqs() : "(none)"));
    }
    return request.with(NumberFormats.builder().precision(weights).kvPrecision(kv).build())
        .with(EngineOptions.builder().engine(engine).maxNumSeqs(seqs).maxBatchedTokens(budget)
            .gpuMemoryUtilization(memoryShare).build());
  }

  /** The row's measurements this check compares, and why it skips the others. */
  private static void compare(PublishedInferenceRow r, int clients, List<InferenceCase.Measurement> measured,
      List<SkippedRow> skipped) {
    for (InferenceMetric metric : InferenceMetric.values()) {
      Double value = metric.measured(r);
      if (value == null) {
        continue;
      }
      String statistic = r.latencyStatistic() == null ? "" : r.latencyStatistic().toLowerCase(Locale.ROOT);
      if (metric.latency() && clients == Integer.MAX_VALUE) {
        skipped.add(new SkippedRow(r.id(), metric.column() + ": latency of an offline run is queueing, set by "
            + "the number of requests; its throughput is compared"));
      } else if (metric.latency() && statistic.matches(".*\\bp\\d+.*")) {
        skipped.add(new SkippedRow(r.id(), metric.column() + ": a " + r.latencyStatistic() + " percentile; the "
            + "steady-state model gives typical latencies"));
      } else {
        measured.add(new InferenceCase.Measurement(metric, value));
      }
    }
  }

  /** The catalog name, or the base model's when the row names its instruct-tuned weights. */
  private String modelName(String name, List<String> assumptions) {
    if (name == null) {
      return null;
    }
    if (catalog.hasModel(name)) {
      return catalog.model(name).name();
    }
    String base = name.replaceAll("(?i)-(instruct|chat|it)$", "");
    if (!base.equals(name) && catalog.hasModel(base)) {
      assumptions.add(name + " has the architecture of " + catalog.model(base).name());
      return catalog.model(base).name();
    }
    return null;
  }

  private static String engineName(String engine) {
    String e = engine == null ? "" : engine.toLowerCase(Locale.ROOT);
    if (e.contains("tensorrt") || e.contains("trt")) {
      return "tensorrt-llm";
    }
    if (e.contains("vllm")) {
      return "vllm";
    }
    if (e.contains("sglang")) {
      return "sglang";
    }
    if (e.contains("transformers") || e.matches("^hf\\b.*")) {
      return "hf";
    }
    return null;
  }

  /**
   * The weight format a row states: FP4 is NVFP4 or MXFP4 as the notes name the checkpoint's format, NVFP4
   * (the only FP4 format of NVIDIA's ModelOpt and TensorRT-LLM) when they name none.
   */
  private static String weightFormat(String precision, String notes) {
    String p = precision == null ? "" : precision.toLowerCase(Locale.ROOT);
    String n = notes == null ? "" : notes.toLowerCase(Locale.ROOT);
    if (p.contains("mxfp4") || p.contains("fp4") && n.contains("mxfp4")) {
      return "mxfp4";
    }
    if (p.contains("fp4")) {
      return "nvfp4";
    }
    if (p.contains("int4") || p.contains("awq") || p.contains("gptq") || p.contains("w4a16")) {
      return "int4";
    }
    if (p.contains("fp8")) {
      return "fp8";
    }
    if (p.contains("int8") || p.contains("w8a8")) {
      return "int8";
    }
    if (p.contains("bf16") || p.contains("bfloat16")) {
      return "bf16";
    }
    if (p.contains("fp16") || p.contains("float16")) {
      return "fp16";
    }
    return null;
  }

  /** Requests in flight at most: a concurrency, all of them (offline), or 0 for an open-loop request rate. */
  private static int clients(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    if (t.contains("offline") || t.contains("infinite") || t.trim().equals("inf")) {
      return Integer.MAX_VALUE;
    }
    Matcher m = CONCURRENCY.matcher(t);
    return m.matches() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static int orAssume(Integer value, int fallback, String assumption, List<String> assumptions) {
    if (value != null) {
      return value;
    }
    assumptions.add(assumption);
    return fallback;
  }
}
