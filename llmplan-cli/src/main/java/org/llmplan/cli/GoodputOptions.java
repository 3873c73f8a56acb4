package org.llmplan.cli;

import org.llmplan.catalog.Catalog;
import org.llmplan.plan.CheckpointPlan;
import org.llmplan.reliability.GoodputRequest;
import picocli.CommandLine.Option;

/** Storage, checkpointing and failures around a training run. */
public final class GoodputOptions {
  /** The storage used when none is named: a parallel file system, as on most GPU clusters. */
  static final String DEFAULT_STORAGE = "lustre";

  @Option(names = "--storage", paramLabel = "NAME", description = "Storage for checkpoints and data, from the "
      + "catalog: lustre, fsx-lustre, beegfs, nfs, s3, gcs, azure-blob, local-nvme, tectonic (default: lustre).")
  String storage = DEFAULT_STORAGE;

  @Option(names = "--checkpoint-mode", paramLabel = "MODE", description = "async (training waits for the copy to "
      + "host memory only) or blocking (default: async).")
  String checkpointMode = "async";

  @Option(names = "--checkpoint-every", paramLabel = "auto|DURATION", description = "Compute time between "
      + "checkpoints, e.g. 30min or 2h; auto = Daly's optimum (default).")
  String checkpointEvery = "auto";

  @Option(names = "--stall-budget", paramLabel = "SHARE", description = "Share of the time checkpoint stalls may "
      + "take, for the storage bandwidth needed (default: 0.01).")
  double stallBudget = GoodputRequest.DEFAULT_STALL_BUDGET;

  @Option(names = "--failure-rate", paramLabel = "X", description = "Interruptions per GPU-day (default: Llama 3's, "
      + "419 on 16,384 GPUs in 54 days = 4.7e-4).")
  Double failureRate;

  @Option(names = "--restart-time", paramLabel = "DURATION", description = "Time from a failure until training "
      + "runs again, besides reloading the checkpoint (default: 10min).")
  String restartTime;

  @Option(names = "--bytes-per-sample", paramLabel = "SIZE", description = "Bytes of one training sample for "
      + "image or multimodal data, e.g. 150KB (default: tokenised text).")
  String bytesPerSample;

  @Option(names = "--simulations", paramLabel = "N", description = "Monte Carlo runs of the whole run with failures "
      + "(default: 10000; 0 = none).")
  int simulations = GoodputRequest.DEFAULT_SIMULATIONS;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the Monte Carlo runs (default: 1).")
  long seed = 1;

  public GoodputRequest request(Catalog catalog) {
    return plan().request(catalog);
  }

  /** The choices as a plan saves them, so `train --plan` computes the same interval again. */
  public CheckpointPlan plan() {
    return new CheckpointPlan(storage, checkpointMode, checkpointEvery, stallBudget, failureRate, restartTime,
        bytesPerSample, simulations, seed);
  }
}
