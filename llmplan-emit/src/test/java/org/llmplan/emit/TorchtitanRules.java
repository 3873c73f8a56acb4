package org.llmplan.emit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.llmplan.emit.upstream.TorchtitanManifest;

/**
 * torchtitan's own checks (torchtitan.json legacy_constraints and new_constraints), restated on an emitted config
 * and evaluated against the plan: the mesh, the batch, the pipeline's microbatches. Each problem names its row.
 */
final class TorchtitanRules {
  private TorchtitanRules() {}

  /** 238fa99: dims_product, gbs_divisible, pp_microbatch_div, pp_n_microbatches equal to the plan's, etp. */
  static List<String> legacy(JsonNode c, LaunchPlan plan) {
    TorchtitanManifest.manifest().constraint("legacy_constraints", "pp_n_microbatches");
    List<String> p = new ArrayList<>();
    JsonNode par = c.path("parallelism");
    JsonNode t = c.path("training");
    int dp = par.path("data_parallel_replicate_degree").asInt(1) * par.path("data_parallel_shard_degree").asInt(1);
    dims(dp, par.path("context_parallel_degree").asInt(1), par.path("tensor_parallel_degree").asInt(1),
        par.path("pipeline_parallel_degree").asInt(1), plan, p);
    int local = t.path("local_batch_size").asInt();
    if (t.path("global_batch_size").asInt() % (local * dp) != 0) {
      p.add("gbs_divisible");
    }
    int pp = par.path("pipeline_parallel_degree").asInt(1);
    int size = par.path("pipeline_parallel_microbatch_size").asInt(1);
    if (pp > 1 && (local % size != 0 || local / size != plan.job().microBatches())) {
      p.add("pp_n_microbatches: " + local + " / " + size + " is not the plan's " + plan.job().microBatches());
    }
    if (t.path("steps").asLong() != plan.schedule().steps()
        || c.path("checkpoint").path("interval").asLong() != plan.schedule().saveInterval()) {
      p.add("steps or checkpoint interval not the plan's");
    }
    return p;
  }

  /** b5bcd76: dims_product, tokens_step_divisible, pp_no_cuda_graphs, num_pp_microbatches, the plan's steps. */
  static List<String> current(List<String> args, LaunchPlan plan) {
    Map<String, String> f = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      boolean value = i + 1 < args.size() && !args.get(i + 1).startsWith("--");
      f.put(args.get(i), value ? args.get(++i) : "true");
    }
    List<String> p = new ArrayList<>();
    int dp = num(f, "--parallelism.data_parallel_replicate_degree", 1)
        * num(f, "--parallelism.data_parallel_shard_degree", 1);
    int pp = num(f, "--parallelism.pipeline_parallel_degree", 1);
    dims(dp, num(f, "--parallelism.context_parallel_degree", 1), num(f, "--parallelism.tensor_parallel_degree", 1),
        pp, plan, p);
    long micro = num(f, "--training.num_tokens_per_microbatch_per_dp_rank", 8192);
    int count = pp > 1 ? num(f, "--parallelism.num_pp_microbatches", 1) : 1;
    long step = Long.parseLong(f.getOrDefault("--training.num_tokens_per_train_step", "-1"));
    if (step != (long) plan.job().globalBatch() * plan.job().seq() || step % (micro * count * dp) != 0) {
      p.add("tokens_step_divisible: " + step + " tokens per step");
    }
    if (pp > 1 && !f.containsKey("--training.disable_cuda_graphs")) {
      p.add("pp_no_cuda_graphs");
    }
    if (pp > 1 && count != plan.job().microBatches()) {
      p.add("pp_count_direct: " + count + " microbatches, the plan runs " + plan.job().microBatches());
    }
    if (num(f, "--training.steps", 0) != plan.schedule().steps()
        || num(f, "--checkpoint.interval", 0) != plan.schedule().saveInterval() || !f.containsKey("--checkpoint.enable")) {
      p.add("steps or checkpoint interval not the plan's");
    }
    return p;
  }

  private static void dims(int dp, int cp, int tp, int pp, LaunchPlan plan, List<String> p) {
    if ((long) dp * cp * tp * pp != plan.job().gpus()) {
      p.add("dims_product: " + dp + " x " + cp + " x " + tp + " x " + pp + " != " + plan.job().gpus());
    }
    int ep = plan.job().parallelism().ep();
    if (ep > 1 && (dp * cp * tp) % ep != 0) {
      p.add("dims_ep_divides");
    }
  }

  private static int num(Map<String, String> f, String flag, int fallback) {
    String v = f.get(flag);
    return v == null ? fallback : (int) Long.parseLong(v);
  }
}
