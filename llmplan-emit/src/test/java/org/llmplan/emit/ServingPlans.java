package org.llmplan.emit;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.llmplan.emit.bundle.LaunchBundle;
import org.llmplan.request.InferenceRequest;
import org.llmplan.plan.PlanFile;
import org.llmplan.plan.ServingPlan;
import org.llmplan.request.EngineOptions;
import org.llmplan.request.NumberFormats;
import org.llmplan.request.ReplicaLayout;
import org.llmplan.request.TokenCounts;

/**
 * Serving plans that reach every branch of the serving targets: one GPU and TP within a node, FP8 weights and
 * KV, a replica over two nodes (LeaderWorkerSet, Ray), MoE with expert parallelism, TensorRT-LLM, no targets.
 */
public final class ServingPlans {
  static final Map<String, PlanFile> PLANS = new LinkedHashMap<>();

  static {
    PLANS.put("one-gpu", plan(request("llama-3.1-8b", "h100", 1, 1, null, null, "vllm", null), 2, 8.0, 0.5, 0.05));
    PLANS.put("tp4-fp8", plan(request("llama-3.1-70b", "h100", 4, 1, "fp8", "fp8", "vllm", 16384), 3, 6.0, 1.0,
        0.06));
    PLANS.put("two-nodes", plan(request("llama-3.1-405b", "h100", 8, 2, null, null, "vllm", 8192), 1, 0.5, 3.0,
        0.15));
    PLANS.put("moe-ep", plan(InferenceRequest.of("mixtral-8x7b", "h100")
        .with(ReplicaLayout.builder().tp(2).pp(1).ep(2).build())
        .with(EngineOptions.builder().engine("vllm").maxModelLen(8192).build())
        .with(TokenCounts.builder().input(1024).output(128).build()), 2, 4.0, null, null));
    PLANS.put("trtllm", plan(request("llama-3.1-70b", "h100", 4, 1, "fp8", "fp8", "tensorrt-llm", 16384), 2, 6.0,
        1.0, 0.06));
  }

  private ServingPlans() {}

  static InferenceRequest request(String model, String gpu, int tp, int pp, String precision, String kv,
      String engine, Integer maxModelLen) {
    return InferenceRequest.of(model, gpu)
        .with(ReplicaLayout.builder().tp(tp).pp(pp).build())
        .with(NumberFormats.builder().precision(precision).kvPrecision(kv).build())
        .with(EngineOptions.builder().engine(engine).maxModelLen(maxModelLen).build())
        .with(TokenCounts.builder().input(2000).output(200).build());
  }

  static PlanFile plan(InferenceRequest r, int replicas, Double rate, Double ttft, Double tpot) {
    return PlanFile.of(new ServingPlan(r, replicas, rate, "lognormal:2000,0.6", "lognormal:200,0.5", ttft, tpot));
  }

  public static List<String> names() {
    return List.copyOf(PLANS.keySet());
  }

  public static ServingLaunch launch(String name) {
    return ServingLaunch.of(PLANS.get(name), TestPlans.CATALOG, LaunchSettings.DEFAULTS);
  }

  private static final Set<String> WRITTEN = new HashSet<>();

  /** The whole default bundle of a plan, written once per test run under target/test-bundles/serve-NAME. */
  static synchronized Path bundle(String name) {
    Path out = Path.of("target", "test-bundles", "serve-" + name).toAbsolutePath();
    if (WRITTEN.add(name)) {
      BundleWriter.write(out, LaunchBundle.generate(PLANS.get(name), TestPlans.CATALOG, LaunchSettings.DEFAULTS,
          null), true);
    }
    return out;
  }
}
