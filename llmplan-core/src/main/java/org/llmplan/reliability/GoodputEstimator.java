package org.llmplan.reliability;

import org.llmplan.storage.CheckpointSize;
import org.llmplan.storage.CheckpointTimes;
import org.llmplan.storage.DataLoading;
import org.llmplan.storage.StorageEstimate;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingRun;

/**
 * Storage and reliability of one training run, in the order they depend on each other: the checkpoint's
 * size and times on the storage set the stall, the stall and the job's MTBF set the interval, and the
 * interval sets the write bandwidth the storage needs.
 */
public final class GoodputEstimator {

  public GoodputEstimate estimate(TrainingJob job, MemoryEstimate memory, TrainingRun run, GoodputRequest r) {
    CheckpointTimes checkpoint = CheckpointTimes.of(job, CheckpointSize.of(job, memory), r.storage());
    ReliabilityEstimate reliability = new ReliabilityModel(r.failures()).estimate(new ReliabilityModel.Inputs(
        job.gpus(), run.time().stepSeconds(), run.tokens() > 0 ? run.timeToTrainSeconds() : 0,
        checkpoint.stallSeconds(r.mode()), checkpoint.persistLagSeconds(r.mode()), checkpoint.restoreSeconds(),
        r.restartSeconds(), r.intervalSeconds(), r.simulations(), r.seed()));
    StorageEstimate storage = new StorageEstimate(r.storage(), r.mode(), checkpoint,
        DataLoading.of(job, run.time(), r.bytesPerSample()), reliability.intervalSeconds(), r.stallBudget());
    return new GoodputEstimate(storage, reliability, run);
  }
}
