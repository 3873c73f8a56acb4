package org.llmplan.network;

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

/** Training jobs for the network, storage and reliability tests, on 8-GPU nodes with one NDR NIC per GPU. */
public final class TestJobs {
  public static final Catalog CATALOG = Catalog.embedded();
  public static final ScaleOut NDR = ScaleOut.of(CATALOG.node("dgx-h100"), CATALOG.fabric("ib-ndr"));

  private TestJobs() {}

  public static Parallelism layout(int tp, int pp, int dp, int cp, int ep, int microBatch, Recompute recompute,
      Sharding sharding) {
    return new Parallelism(tp, pp, dp, cp, ep, 1, microBatch, tp > 1, sharding, 0, recompute, OffloadTarget.NONE,
        OffloadTarget.NONE, 0, 0);
  }

  public static TrainingJob job(String model, String gpu, Parallelism p, int seq, int globalBatch,
      String framework) {
    FrameworkProfile f = CATALOG.framework(framework);
    return new TrainingJob(CATALOG.model(model), CATALOG.gpu(gpu), p.gpus(), 8, p, seq, globalBatch,
        Precision.BF16, f.policy(), Optimizer.ADAMW, f, f.attention(), 2048, NDR);
  }

  /** Llama 3.1 70B on 64 H100s: TP 8, PP 2, DP 4, SP, selective recompute, distributed optimizer. */
  public static TrainingJob llama70b() {
    return job("llama-3.1-70b", "h100-sxm", layout(8, 2, 4, 1, 1, 1, Recompute.SELECTIVE,
        Sharding.DISTRIBUTED_OPTIMIZER), 8192, 128, "megatron");
  }
}
