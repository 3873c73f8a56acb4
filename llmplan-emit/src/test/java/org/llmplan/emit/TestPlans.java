package org.llmplan.emit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmplan.catalog.Catalog;
import org.llmplan.emit.bundle.LaunchBundle;
import org.llmplan.plan.PlanFile;

/**
 * Plans that between them reach every branch of the targets: dense and MoE, one node and many, InfiniBand and
 * RoCE, Megatron (with virtual stages, SP, CP-free and full recompute, FP8, learned positions), DeepSpeed
 * with ZeRO-3 offload, torchtitan with hybrid FSDP, and frameworks without a configuration target (plain FSDP,
 * the Hugging Face Trainer).
 */
final class TestPlans {
  static final Catalog CATALOG = Catalog.embedded();

  static final Map<String, String> REQUESTS = new LinkedHashMap<>();

  static {
    REQUESTS.put("dense-megatron", "\"model\":\"llama-3.1-70b\",\"gpu\":\"h100\",\"gpus\":64,\"tp\":8,\"pp\":2,"
        + "\"seq\":8192,\"sharding\":\"dist-opt\",\"recompute\":\"selective\",\"sequenceParallel\":true,"
        + "\"globalBatch\":128");
    REQUESTS.put("moe-megatron", "\"model\":\"mixtral-8x7b\",\"gpu\":\"h100\",\"gpus\":32,\"tp\":2,\"pp\":2,"
        + "\"vpp\":2,\"ep\":4,\"globalBatch\":64,\"recompute\":\"full\",\"sequenceParallel\":true,"
        + "\"sharding\":\"dist-opt\",\"seq\":4096");
    REQUESTS.put("fp8-moe-megatron", "\"model\":\"qwen3-30b-a3b\",\"gpu\":\"h100\",\"gpus\":16,\"pp\":2,\"ep\":8,"
        + "\"sharding\":\"dist-opt\",\"recompute\":\"full\",\"precision\":\"fp8\",\"seq\":4096");
    REQUESTS.put("gpt3-a100", "\"model\":\"gpt3-175b\",\"gpu\":\"a100-80gb\",\"gpus\":1024,\"tp\":8,\"pp\":16,"
        + "\"vpp\":3,\"globalBatch\":1536,\"recompute\":\"full\",\"sequenceParallel\":true,"
        + "\"sharding\":\"dist-opt\",\"seq\":2048");
    REQUESTS.put("roce-megatron", "\"model\":\"llama-3.1-8b\",\"node\":\"grand-teton-h100\",\"gpus\":16,\"tp\":8,"
        + "\"sharding\":\"dist-opt\",\"sequenceParallel\":true");
    REQUESTS.put("zero3-offload", "\"model\":\"llama-3.1-8b\",\"framework\":\"deepspeed\",\"gpu\":\"h100\","
        + "\"gpus\":16,\"sharding\":\"zero3\",\"offloadOptimizer\":\"cpu\",\"microBatch\":2,\"globalBatch\":64,"
        + "\"recompute\":\"full\"");
    REQUESTS.put("torchtitan-hybrid", "\"model\":\"llama-3.1-8b\",\"framework\":\"torchtitan\",\"gpu\":\"h100\",\"gpus\":16,"
        + "\"sharding\":\"fsdp-hybrid\",\"shardGroup\":8,\"globalBatch\":32,\"recompute\":\"selective\"");
    REQUESTS.put("fsdp-full", "\"model\":\"llama-3.1-8b\",\"framework\":\"fsdp\",\"gpu\":\"h100\",\"gpus\":8,"
        + "\"sharding\":\"fsdp-full\",\"globalBatch\":16");
    REQUESTS.put("hf-one-node", "\"model\":\"llama-3.2-1b\",\"framework\":\"hf\",\"gpu\":\"h100\",\"gpus\":4,"
        + "\"microBatch\":2,\"seq\":2048");
  }

  private TestPlans() {}

  static PlanFile plan(String name) {
    return parse(REQUESTS.get(name));
  }

  static PlanFile parse(String requestFields) {
    return PlanFile.parse("{\"format\":\"llmplan-plan/1\",\"training\":{" + requestFields + "}}", "test plan");
  }

  static LaunchPlan launch(String name) {
    return LaunchPlan.of(plan(name), CATALOG, LaunchSettings.DEFAULTS);
  }

  static List<String> names() {
    return List.copyOf(REQUESTS.keySet());
  }

  /**
   * The whole default bundle of a plan, written once per test run under target/test-bundles (the validator
   * tests read the same files).
   */
  static synchronized Path bundle(String name) {
    Path out = Path.of("target", "test-bundles", name).toAbsolutePath();
    if (!WRITTEN.contains(name)) {
      BundleWriter.write(out, LaunchBundle.generate(plan(name), CATALOG, LaunchSettings.DEFAULTS, null), true);
      WRITTEN.add(name);
    }
    return out;
  }

  private static final java.util.Set<String> WRITTEN = new java.util.HashSet<>();

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
