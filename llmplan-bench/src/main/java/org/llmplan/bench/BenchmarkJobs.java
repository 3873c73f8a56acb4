package org.llmplan.bench;

import org.llmplan.catalog.Catalog;
import org.llmplan.hardware.Precision;
import org.llmplan.hardware.ScaleOut;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;
import org.llmplan.profile.FrameworkProfile;
import org.llmplan.train.Optimizer;
import org.llmplan.train.TrainingJob;

/** The configuration the benchmarks time: GPT-3 175B, TP 8, PP 8, DP 16 on 1,024 A100-80GB (Narayanan et al.). */
final class BenchmarkJobs {
  static final Parallelism GPT3_LAYOUT = new Parallelism(8, 8, 16, 1, 1, 1, 1, true,
      Sharding.DISTRIBUTED_OPTIMIZER, 0, Recompute.SELECTIVE, OffloadTarget.NONE, OffloadTarget.NONE, 0, 0);

  private BenchmarkJobs() {}

  static TrainingJob gpt3() {
    Catalog catalog = Catalog.embedded();
    FrameworkProfile megatron = catalog.framework("megatron");
    return new TrainingJob(catalog.model("gpt3-175b"), catalog.gpu("a100-80gb"), 1024, 8, GPT3_LAYOUT, 2048, 1536,
        Precision.BF16, megatron.policy(), Optimizer.ADAMW, megatron, megatron.attention(), 0,
        ScaleOut.of(catalog.node("dgx-a100"), catalog.fabric("ib-hdr")));
  }
}
