package org.llmplan.emit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmplan.plan.CheckpointPlan;
import org.llmplan.plan.LearningRate;
import org.llmplan.plan.PlanFile;
import org.llmplan.plan.RunPlan;

/**
 * Training plans that between them cover every framework plug-in with PP, VPP, CP, EP and FP8 where the framework
 * runs them, Megatron's uneven and embedding-counted pipeline splits with virtual stages, InfiniBand and RoCE,
 * one node and many, the current and the legacy torchtitan, Horovod and TensorFlow; each bundle holds its
 * framework's Slurm script and Kubernetes manifests.
 *
 * @param request the plan's training section (JSON fields)
 * @param run the run around it
 * @param settings the bundle's settings (a framework pin)
 */
record TrainingMatrix(String request, RunPlan run, LaunchSettings settings) {
  private static final RunPlan BUDGET = new RunPlan(2.0e11, null, null, null, null, CheckpointPlan.DEFAULTS,
      LearningRate.DEFAULTS);
  private static final RunPlan ROCE = new RunPlan(1.0e11, null, "roce-100g", 2, null,
      new CheckpointPlan("nfs", "blocking", "45min", null, null, null, null, 0, 1L),
      new LearningRate(1.0e-4, 1.0e-5, 0.02, "linear"));
  /** DeepSpeed's linear schedule decays to zero only, so its RoCE plan decays by cosine. */
  private static final RunPlan ROCE_COSINE = new RunPlan(1.0e11, null, "roce-100g", 2, null, ROCE.checkpoints(),
      LearningRate.DEFAULTS);
  private static final LaunchSettings TOML = new LaunchSettings(null, null, null, "238fa99");

  static final Map<String, TrainingMatrix> PLANS = new LinkedHashMap<>();

  private static void add(String name, String request, RunPlan run, LaunchSettings settings) {
    PLANS.put(name, new TrainingMatrix(request, run, settings));
  }

  static {
    add("megatron-pp-sp", "\"model\":\"llama-3.1-70b\",\"gpu\":\"h100\",\"gpus\":64,\"tp\":8,\"pp\":2,\"seq\":8192,"
        + "\"sharding\":\"dist-opt\",\"recompute\":\"selective\",\"sequenceParallel\":true,\"globalBatch\":128",
        BUDGET, LaunchSettings.DEFAULTS);
    add("megatron-vpp-ep", "\"model\":\"mixtral-8x7b\",\"gpu\":\"h100\",\"gpus\":32,\"tp\":2,\"pp\":2,\"vpp\":2,"
        + "\"ep\":4,\"globalBatch\":64,\"recompute\":\"full\",\"sequenceParallel\":true,\"sharding\":\"dist-opt\"",
        BUDGET, LaunchSettings.DEFAULTS);
    add("megatron-uneven-vpp", "\"model\":\"llama-3.1-70b\",\"gpu\":\"h100\",\"gpus\":64,\"tp\":8,\"pp\":4,\"vpp\":2,"
        + "\"firstStageLayers\":18,\"lastStageLayers\":18,\"seq\":4096,\"sharding\":\"dist-opt\",\"recompute\":\"full\","
        + "\"sequenceParallel\":true,\"globalBatch\":64", BUDGET, LaunchSettings.DEFAULTS);
    add("megatron-embedding-in-split-vpp", "\"model\":\"llama-3.1-70b\",\"gpu\":\"h100\",\"gpus\":48,\"tp\":8,"
        + "\"pp\":3,\"vpp\":3,\"embeddingInSplit\":true,\"seq\":4096,\"sharding\":\"dist-opt\",\"recompute\":\"full\","
        + "\"sequenceParallel\":true,\"globalBatch\":48", BUDGET, LaunchSettings.DEFAULTS);
    add("megatron-fp8-ep", "\"model\":\"qwen3-30b-a3b\",\"gpu\":\"h100\",\"gpus\":16,\"pp\":2,\"ep\":8,"
        + "\"sharding\":\"dist-opt\",\"recompute\":\"full\",\"precision\":\"fp8\",\"seq\":4096", BUDGET,
        LaunchSettings.DEFAULTS);
    add("megatron-cp-roce", "\"model\":\"llama-3.1-8b\",\"node\":\"grand-teton-h100\",\"gpus\":16,\"tp\":2,\"cp\":2,"
        + "\"seq\":8192,\"sharding\":\"dist-opt\",\"sequenceParallel\":true,\"recompute\":\"selective\"", ROCE,
        LaunchSettings.DEFAULTS);
    add("megatron-one-gpu-v1", "\"model\":\"gpt3-1.3b\",\"gpu\":\"h100\",\"gpus\":1,\"seq\":2048", null,
        LaunchSettings.DEFAULTS);
    add("deepspeed-pp", "\"model\":\"llama-3.1-8b\",\"framework\":\"deepspeed\",\"gpu\":\"h100\",\"gpus\":32,\"pp\":2,"
        + "\"sharding\":\"zero1\",\"microBatch\":2,\"globalBatch\":128", BUDGET, LaunchSettings.DEFAULTS);
    add("deepspeed-zero3-offload", "\"model\":\"llama-3.1-8b\",\"framework\":\"deepspeed\",\"gpu\":\"h100\","
        + "\"gpus\":16,\"sharding\":\"zero3\",\"offloadOptimizer\":\"cpu\",\"microBatch\":2,\"globalBatch\":64,"
        + "\"recompute\":\"full\"", ROCE_COSINE, LaunchSettings.DEFAULTS);
    add("deepspeed-tp-fp16", "\"model\":\"llama-3.1-8b\",\"framework\":\"deepspeed\",\"gpu\":\"h100\",\"gpus\":16,"
        + "\"tp\":2,\"sharding\":\"zero2\",\"precision\":\"fp16\",\"globalBatch\":64", BUDGET,
        LaunchSettings.DEFAULTS);
    add("torchtitan-pp", "\"model\":\"llama-3.1-70b\",\"framework\":\"torchtitan\",\"gpu\":\"h100\",\"gpus\":64,"
        + "\"tp\":4,\"pp\":2,\"sharding\":\"fsdp-full\",\"globalBatch\":64,\"recompute\":\"selective\"", BUDGET,
        LaunchSettings.DEFAULTS);
    add("torchtitan-cp-hybrid", "\"model\":\"llama-3.1-8b\",\"framework\":\"torchtitan\",\"gpu\":\"h100\",\"gpus\":16,"
        + "\"cp\":2,\"sharding\":\"fsdp-hybrid\",\"shardGroup\":8,\"seq\":8192,\"recompute\":\"selective\"", ROCE,
        LaunchSettings.DEFAULTS);
    add("torchtitan-toml-vpp-fp8", "\"model\":\"llama-3.1-70b\",\"framework\":\"torchtitan\",\"gpu\":\"h100\","
        + "\"gpus\":64,\"tp\":4,\"pp\":2,\"vpp\":2,\"sharding\":\"fsdp-hybrid\",\"shardGroup\":4,\"globalBatch\":64,"
        + "\"recompute\":\"full\",\"precision\":\"fp8\"", BUDGET, TOML);
    add("torchtitan-toml-ep", "\"model\":\"qwen3-30b-a3b\",\"framework\":\"torchtitan\",\"gpu\":\"h100\",\"gpus\":16,"
        + "\"ep\":8,\"sharding\":\"fsdp-full\",\"recompute\":\"full\",\"seq\":4096", BUDGET, TOML);
    add("horovod-roce", "\"model\":\"llama-3.2-1b\",\"framework\":\"horovod\",\"gpu\":\"h100\",\"gpus\":16,"
        + "\"seq\":2048,\"globalBatch\":32", ROCE_COSINE, LaunchSettings.DEFAULTS);
    add("tensorflow-multi-worker", "\"model\":\"llama-3.2-1b\",\"framework\":\"tensorflow\",\"gpu\":\"h100\","
        + "\"gpus\":16,\"seq\":2048,\"globalBatch\":32", BUDGET, LaunchSettings.DEFAULTS);
    add("script-fsdp", "\"model\":\"llama-3.1-8b\",\"framework\":\"fsdp\",\"gpu\":\"h100\",\"gpus\":16,"
        + "\"sharding\":\"fsdp-full\",\"globalBatch\":32", BUDGET, LaunchSettings.DEFAULTS);
    add("script-hf-one-node", "\"model\":\"llama-3.2-1b\",\"framework\":\"hf\",\"gpu\":\"h100\",\"gpus\":4,"
        + "\"microBatch\":2,\"seq\":2048", null, LaunchSettings.DEFAULTS);
  }

  static List<String> names() {
    return List.copyOf(PLANS.keySet());
  }

  /** The saved plan: version 2 with its run, or version 1 (job only) where the run is null. */
  PlanFile plan() {
    PlanFile v1 = TestPlans.parse(request);
    return run == null ? v1 : PlanFile.of(v1.training(), run);
  }

  LaunchPlan launch() {
    return LaunchPlan.of(plan(), TestPlans.CATALOG, settings);
  }
}
