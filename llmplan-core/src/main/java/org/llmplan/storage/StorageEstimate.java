package org.llmplan.storage;

import org.llmplan.hardware.StorageSystem;

/**
 * Storage for one training job: what a checkpoint weighs and how long it takes on the chosen system, the
 * write bandwidth that checkpointing every {@code intervalSeconds} within the stall budget needs, and what
 * the training data needs.
 *
 * @param intervalSeconds compute seconds between checkpoints (the reliability model's choice)
 * @param stallBudget share of the time checkpoints may stall training
 */
public record StorageEstimate(StorageSystem system, CheckpointMode mode, CheckpointTimes checkpoint,
    DataLoading data, double intervalSeconds, double stallBudget) {

  /** Write bandwidth needed to checkpoint every interval within the budget, in this mode. */
  public double requiredWriteBytesPerSecond() {
    return checkpoint.requiredWriteBytesPerSecond(intervalSeconds, stallBudget, mode);
  }

  /** The same in the other mode, for comparison. */
  public double requiredWriteBytesPerSecond(CheckpointMode other) {
    return checkpoint.requiredWriteBytesPerSecond(intervalSeconds, stallBudget, other);
  }

  /** Share of the storage's read bandwidth the training data takes. */
  public double dataShareOfRead() {
    return data.bytesPerSecond() / checkpoint.readBytesPerSecond();
  }
}
