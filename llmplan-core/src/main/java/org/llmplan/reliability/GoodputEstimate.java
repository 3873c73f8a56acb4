package org.llmplan.reliability;

import org.llmplan.storage.StorageEstimate;
import org.llmplan.train.TrainingRun;

/**
 * A run with its failures and checkpoints: the storage it checkpoints to, the time it loses, and what the
 * run then takes and costs. GPUs are paid for while they wait, so the cost grows with the wall time.
 */
public record GoodputEstimate(StorageEstimate storage, ReliabilityEstimate reliability, TrainingRun run) {

  /** Expected wall time of the token budget, failures included (0 without a budget). */
  public double expectedTimeToTrainSeconds() {
    return reliability.hasRun() ? reliability.schedule().expectedSeconds() : 0;
  }

  public double expectedGpuHours() {
    return run.time().gpus() * expectedTimeToTrainSeconds() / 3600;
  }

  public double expectedCostUsd() {
    return expectedGpuHours() * run.usdPerGpuHour();
  }
}
