package org.llmplan.storage;

import org.llmplan.hardware.StorageSystem;
import org.llmplan.train.TrainingJob;

/**
 * How long a checkpoint takes to save and to restore on one storage system, for a job whose every node
 * writes its share at once (shared/reference/inference-network-storage.md 4.2). A blocking save copies the
 * state to host memory and then writes it; an asynchronous one blocks for the copy only.
 *
 * @param writeBytesPerSecond aggregate write bandwidth the job's nodes reach together
 * @param readBytesPerSecond aggregate read bandwidth
 * @param writeBound which limit sets the write bandwidth (servers, clients or request rate)
 * @param hostCopySeconds copying each GPU's state to pinned host memory, all GPUs in parallel
 * @param persistSeconds writing the whole checkpoint to storage
 * @param restoreSeconds reading it back and copying it onto the GPUs
 */
public record CheckpointTimes(
    CheckpointSize size,
    double writeBytesPerSecond,
    double readBytesPerSecond,
    String writeBound,
    double hostCopySeconds,
    double persistSeconds,
    double restoreSeconds) {

  /**
   * Device-to-host copy rate per GPU, bytes/s. PCIe Gen4 / Gen5 x16 carries 32 / 64 GB/s per direction;
   * with every GPU of a node copying at once into pinned host memory through shared PCIe switches, the
   * middle of the 10-60 GB/s per GPU range in shared/reference/inference-network-storage.md 4.2.
   */
  public static final double HOST_COPY_BYTES_PER_SECOND = 25e9;

  public static CheckpointTimes of(TrainingJob job, CheckpointSize size, StorageSystem storage) {
    int nodes = (int) Math.ceil((double) job.gpus() / job.gpusPerNode());
    double write = storage.writeBytesPerSecond(nodes);
    double read = storage.readBytesPerSecond(nodes);
    double copy = size.heldBytesPerGpu() / HOST_COPY_BYTES_PER_SECOND;
    return new CheckpointTimes(size, write, read, storage.writeBound(nodes), copy, size.totalBytes() / write,
        size.totalBytes() / read + copy);
  }

  /** The step loop waits for the host copy and then the write (torch.save-style serial saving). */
  public double blockingSeconds() {
    return hostCopySeconds + persistSeconds;
  }

  /** Seconds training stalls per checkpoint in this mode. */
  public double stallSeconds(CheckpointMode mode) {
    return mode == CheckpointMode.ASYNC ? hostCopySeconds : blockingSeconds();
  }

  /** Seconds after the stall until the checkpoint is on storage (0 when blocking: it already is). */
  public double persistLagSeconds(CheckpointMode mode) {
    return mode == CheckpointMode.ASYNC ? persistSeconds : 0;
  }

  /**
   * Write bandwidth the storage must deliver to checkpoint every {@code intervalSeconds} while stalling at
   * most {@code stallShare} of the time; infinite when the host copy alone exceeds the budget. Blocking: the
   * write must fit in the budget beside the copy. Asynchronous: the background write must end before the
   * next checkpoint starts.
   */
  public double requiredWriteBytesPerSecond(double intervalSeconds, double stallShare, CheckpointMode mode) {
    double budget = stallShare * intervalSeconds - hostCopySeconds;
    if (budget <= 0) {
      return Double.POSITIVE_INFINITY;
    }
    return size.totalBytes() / (mode == CheckpointMode.ASYNC ? intervalSeconds : budget);
  }
}
