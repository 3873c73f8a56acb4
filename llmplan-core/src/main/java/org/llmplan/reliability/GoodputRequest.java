package org.llmplan.reliability;

import org.llmplan.error.InvalidValueException;
import org.llmplan.storage.CheckpointMode;
import org.llmplan.hardware.StorageSystem;

/**
 * How a run checkpoints and what it expects to fail: the user's choices around the GPUs.
 *
 * @param intervalSeconds compute seconds between checkpoints; null for Daly's optimum
 * @param stallBudget share of the time checkpoints may stall training, for the bandwidth needed
 * @param restartSeconds restart time besides reloading the checkpoint
 * @param bytesPerSample bytes of one training sample for image/multimodal data; 0 for tokenised text
 * @param simulations Monte Carlo runs (0 = none)
 */
public record GoodputRequest(StorageSystem storage, CheckpointMode mode, Double intervalSeconds, double stallBudget,
    FailureModel failures, double restartSeconds, double bytesPerSample, int simulations, long seed) {

  /** Default share of the time checkpoint stalls may take: 1 %. */
  public static final double DEFAULT_STALL_BUDGET = 0.01;
  public static final int DEFAULT_SIMULATIONS = 10_000;

  public GoodputRequest {
    InvalidValueException.requireInRange("stall budget", stallBudget, 1e-6, 0.9);
    InvalidValueException.requireInRange("bytes per sample", bytesPerSample, 0, 1e12);
  }
}
