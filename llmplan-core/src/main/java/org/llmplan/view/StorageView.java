package org.llmplan.view;

import org.llmplan.storage.CheckpointMode;
import org.llmplan.storage.CheckpointSize;
import org.llmplan.storage.CheckpointTimes;
import org.llmplan.storage.DataLoading;
import org.llmplan.storage.StorageEstimate;

/**
 * The {@code storage} object of `train --json` (docs/json.md, docs/infrastructure.md): where checkpoints go,
 * how long they take, the bandwidth they need and what data loading reads.
 *
 * @param system the catalog storage; {@code kind} and {@code durable} are its own
 * @param mode "async" or "blocking"
 */
public record StorageView(
    String system,
    String kind,
    boolean durable,
    String mode,
    double writeBytesPerSecond,
    double readBytesPerSecond,
    String writeBound,
    Checkpoint checkpoint,
    double intervalSeconds,
    double stallBudget,
    RequiredWrite requiredWriteBytesPerSecond,
    Data data) {

  static StorageView of(StorageEstimate s) {
    CheckpointTimes t = s.checkpoint();
    return new StorageView(s.system().name(), s.system().kind(), s.system().durable(), s.mode().label(),
        t.writeBytesPerSecond(), t.readBytesPerSecond(), t.writeBound(), Checkpoint.of(t), s.intervalSeconds(),
        s.stallBudget(), RequiredWrite.of(s), Data.of(s));
  }

  /** One checkpoint: its bytes ({@code totalBytes} = weights + master weights + optimizer states) and times. */
  public record Checkpoint(
      double totalBytes,
      double weightsBytes,
      double masterWeightsBytes,
      double optimizerStatesBytes,
      double writeBytesPerGpu,
      double heldBytesPerGpu,
      double hostCopySeconds,
      double blockingSeconds,
      double asyncStallSeconds,
      double persistSeconds,
      double restoreSeconds) {

    static Checkpoint of(CheckpointTimes t) {
      CheckpointSize size = t.size();
      return new Checkpoint(size.totalBytes(), size.weightsBytes(), size.masterBytes(), size.optimizerBytes(),
          size.writeBytesPerGpu(), size.heldBytesPerGpu(), t.hostCopySeconds(), t.blockingSeconds(),
          t.stallSeconds(CheckpointMode.ASYNC), t.persistSeconds(), t.restoreSeconds());
    }
  }

  /** Write bandwidth to checkpoint every interval within the stall budget, per mode; absent when none suffices. */
  public record RequiredWrite(Double async, Double blocking) {
    static RequiredWrite of(StorageEstimate s) {
      return new RequiredWrite(Finite.orAbsent(s.requiredWriteBytesPerSecond(CheckpointMode.ASYNC)),
          Finite.orAbsent(s.requiredWriteBytesPerSecond(CheckpointMode.BLOCKING)));
    }
  }

  /** @param shareOfRead data loading's share of the storage's read bandwidth */
  public record Data(double tokensPerSecond, double bytesPerToken, double bytesPerSample, double bytesPerSecond,
      double shareOfRead) {

    static Data of(StorageEstimate s) {
      DataLoading d = s.data();
      return new Data(d.tokensPerSecond(), d.bytesPerToken(), d.bytesPerSample(), d.bytesPerSecond(),
          s.dataShareOfRead());
    }
  }
}
