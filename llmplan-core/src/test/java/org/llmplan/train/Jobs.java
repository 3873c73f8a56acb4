package org.llmplan.train;

import org.llmplan.profile.AttentionImpl;
import org.llmplan.profile.FrameworkProfile;
import org.llmplan.catalog.Catalog;
import org.llmplan.hardware.Precision;
import org.llmplan.hardware.ScaleOut;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;

/** Training jobs for tests, built from the embedded catalog with Megatron defaults. */
final class Jobs {
  static final Catalog CATALOG = Catalog.embedded();
  /** A DGX H100's network: eight 400 Gb/s NDR NICs. */
  static final ScaleOut NDR = new ScaleOut("ib-ndr", 8, 400, 0.94);

  private Jobs() {}

  static Parallelism layout(int tp, int pp, int dp, int microBatch, boolean sp, Recompute recompute,
      Sharding sharding) {
    return new Parallelism(tp, pp, dp, 1, 1, 1, microBatch, sp, sharding, 0, recompute, OffloadTarget.NONE,
        OffloadTarget.NONE, 0, 0);
  }

  static TrainingJob job(String model, String gpu, Parallelism p, int seq, int globalBatch, String framework,
      AttentionImpl attention) {
    FrameworkProfile f = CATALOG.framework(framework);
    return new TrainingJob(CATALOG.model(model), CATALOG.gpu(gpu), p.gpus(), 8, p, seq, globalBatch,
        Precision.BF16, f.policy(), Optimizer.ADAMW, f, attention, 0, NDR);
  }
}
