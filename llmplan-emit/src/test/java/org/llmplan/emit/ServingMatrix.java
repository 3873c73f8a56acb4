package org.llmplan.emit;

import static org.llmplan.emit.ServingPlans.plan;
import static org.llmplan.emit.ServingPlans.request;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmplan.emit.bundle.LaunchBundle;
import org.llmplan.plan.PlanFile;

/**
 * The serving matrix: every engine that launches x a replica within a node or over two x 16-bit, FP8 and INT4
 * weights, plus replicas that fill several nodes (vLLM's data-parallel form) and MoE with expert parallelism. Each
 * bundle is written once per run under target/test-bundles/matrix-NAME.
 */
final class ServingMatrix {
  static final Map<String, PlanFile> PLANS = new LinkedHashMap<>();

  static {
    PLANS.put("vllm-bf16", plan(request("llama-3.1-8b", "h100", 1, 1, null, null, "vllm", null), 2, 8.0, 0.5, 0.05));
    PLANS.put("vllm-fp8-dp", plan(request("llama-3.1-70b", "h100", 2, 1, "fp8", "fp8", "vllm", 16384), 6, 6.0,
        null, null));
    PLANS.put("vllm-int4", plan(request("llama-3.1-70b", "h100", 2, 1, "int4", null, "vllm", 8192), 1, null,
        null, null));
    PLANS.put("vllm-int4-dp", plan(request("llama-3.1-8b", "h100", 1, 1, "int4", null, "vllm", 8192), 10, 20.0,
        null, null));
    PLANS.put("vllm-ray-bf16", plan(request("llama-3.1-405b", "h100", 8, 2, null, null, "vllm", 8192), 1, 0.5,
        3.0, 0.15));
    PLANS.put("vllm-ray-fp8", plan(request("llama-3.1-405b", "h100", 8, 2, "fp8", "fp8", "vllm", 8192), 2, 1.0,
        null, null));
    PLANS.put("vllm-moe-ep", ServingPlans.PLANS.get("moe-ep"));
    PLANS.put("trtllm-bf16", plan(request("llama-3.1-8b", "h100", 1, 1, null, null, "tensorrt-llm", null), 2, 8.0,
        null, null));
    PLANS.put("trtllm-fp8", plan(request("llama-3.1-70b", "h100", 4, 1, "fp8", "fp8", "tensorrt-llm", 16384), 3,
        6.0, 1.0, 0.06));
    PLANS.put("trtllm-int4", plan(request("llama-3.1-70b", "h100", 2, 1, "int4", null, "tensorrt-llm", 8192), 1,
        null, null, null));
    PLANS.put("trtllm-multinode-bf16", plan(request("llama-3.1-405b", "h100", 8, 2, null, null, "tensorrt-llm",
        8192), 1, 0.5, null, null));
    PLANS.put("trtllm-multinode-fp8", plan(request("llama-3.1-405b", "h100", 8, 2, "fp8", "fp8", "tensorrt-llm",
        8192), 2, 1.0, null, null));
  }

  private ServingMatrix() {}

  static List<String> names() {
    return List.copyOf(PLANS.keySet());
  }

  static ServingLaunch launch(String name) {
    return ServingLaunch.of(PLANS.get(name), TestPlans.CATALOG, LaunchSettings.DEFAULTS);
  }

  private static final java.util.Set<String> WRITTEN = new java.util.HashSet<>();

  static synchronized Path bundle(String name) {
    Path out = Path.of("target", "test-bundles", "matrix-" + name).toAbsolutePath();
    if (WRITTEN.add(name)) {
      BundleWriter.write(out, LaunchBundle.generate(PLANS.get(name), TestPlans.CATALOG, LaunchSettings.DEFAULTS,
          null), true);
    }
    return out;
  }
}
