package org.llmplan.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.llmplan.hardware.Precision;
import org.llmplan.hardware.StorageSystem;
import org.llmplan.network.TestJobs;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;
import org.llmplan.profile.PrecisionPolicy;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.Optimizer;
import org.llmplan.train.TimeEstimate;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingMemoryEstimator;
import org.llmplan.train.TrainingTimeEstimator;

class CheckpointSizeTest {
  private final TrainingMemoryEstimator memory = new TrainingMemoryEstimator();

  private static TrainingJob gpt3(Sharding sharding) {
    return TestJobs.job("gpt3-175b", "a100-80gb", TestJobs.layout(8, 8, 16, 1, 1, 1, Recompute.SELECTIVE,
        sharding), 2048, 1536, "megatron");
  }

  @Test
  void gpt3CheckpointIsFourteenBytesPerParameterWithAdamInMixedPrecision() {
    // 16-bit weights + FP32 master + two FP32 Adam moments = 2 + 4 + 4 + 4 = 14 B/param; gradients not saved.
    // 175e9 x 14 = 2.45 TB; the catalog's GPT-3 counts 174.6B parameters.
    TrainingJob job = gpt3(Sharding.DISTRIBUTED_OPTIMIZER);
    CheckpointSize size = CheckpointSize.of(job, memory.worstStage(job));
    double params = job.model().parameters().total();
    assertThat(size.weightsBytes()).isEqualTo(2 * params);
    assertThat(size.masterBytes()).isEqualTo(4 * params);
    assertThat(size.optimizerBytes()).isEqualTo(8 * params);
    assertThat(size.totalBytes()).isCloseTo(2.45e12, within(0.01e12));
    assertThat(size.writeBytesPerGpu()).isCloseTo(size.totalBytes() / 1024, within(1.0));
  }

  @Test
  void eachGpuSnapshotsTheShardItHolds() {
    // TP 8 x PP 8 split the 174.6B parameters 64 ways; the distributed optimizer splits master and moments
    // over the 16 data-parallel ranks: about 2.73B x (2 + 12 / 16) B = 7.5 GB on the most loaded GPU.
    TrainingJob sharded = gpt3(Sharding.DISTRIBUTED_OPTIMIZER);
    double perRank = 174.6e9 / 64;
    double held = CheckpointSize.of(sharded, memory.worstStage(sharded)).heldBytesPerGpu();
    assertThat(held).isCloseTo(perRank * (2 + 12.0 / 16), within(0.05 * held));
    TrainingJob replicated = gpt3(Sharding.NONE);
    assertThat(CheckpointSize.of(replicated, memory.worstStage(replicated)).heldBytesPerGpu())
        .isCloseTo(perRank * 14, within(0.05 * perRank * 14));
  }

  @Test
  void pureBf16AndAmpPoliciesSaveWhatTheyKeep() {
    TrainingJob base = gpt3(Sharding.NONE);
    TrainingJob pure = new TrainingJob(base.model(), base.gpu(), base.gpus(), 8, base.parallelism(), 2048, 1536,
        Precision.BF16, PrecisionPolicy.PURE, Optimizer.ADAMW, base.framework(), base.attention(), 0,
        base.scaleOut());
    double params = base.model().parameters().total();
    // Pure BF16: 2 B weights + 2 x 2 B moments, no master copy.
    assertThat(CheckpointSize.of(pure, memory.worstStage(pure)).totalBytes()).isEqualTo(6 * params);
  }

  @Test
  void asynchronousSavingStallsOnlyForTheHostCopy() {
    TrainingJob job = gpt3(Sharding.DISTRIBUTED_OPTIMIZER);
    MemoryEstimate m = memory.worstStage(job);
    CheckpointSize size = CheckpointSize.of(job, m);
    StorageSystem lustre = TestJobs.CATALOG.storage("lustre");
    CheckpointTimes t = CheckpointTimes.of(job, size, lustre);
    // 128 nodes write at once: 4 appliances x 65 GB/s bind, not 128 clients x 40 GB/s.
    assertThat(t.writeBytesPerSecond()).isEqualTo(260e9);
    assertThat(t.persistSeconds()).isCloseTo(size.totalBytes() / 260e9, within(1e-9));
    assertThat(t.hostCopySeconds()).isCloseTo(size.heldBytesPerGpu() / 25e9, within(1e-9));
    assertThat(t.stallSeconds(CheckpointMode.ASYNC)).isEqualTo(t.hostCopySeconds());
    assertThat(t.stallSeconds(CheckpointMode.BLOCKING)).isEqualTo(t.hostCopySeconds() + t.persistSeconds());
    assertThat(t.persistLagSeconds(CheckpointMode.BLOCKING)).isZero();
    assertThat(t.restoreSeconds()).isCloseTo(size.totalBytes() / 360e9 + t.hostCopySeconds(), within(1e-9));
  }

  @Test
  void bandwidthToCheckpointEveryIntervalWithinAStallBudget() {
    TrainingJob job = gpt3(Sharding.DISTRIBUTED_OPTIMIZER);
    CheckpointTimes t = CheckpointTimes.of(job, CheckpointSize.of(job, memory.worstStage(job)),
        TestJobs.CATALOG.storage("lustre"));
    double total = t.size().totalBytes();
    // Every 30 minutes with at most 1 % stalled: blocking must write in 18 s less the host copy; asynchronous
    // only has to finish the write within the 30 minutes.
    assertThat(t.requiredWriteBytesPerSecond(1800, 0.01, CheckpointMode.BLOCKING))
        .isCloseTo(total / (18 - t.hostCopySeconds()), within(1.0));
    assertThat(t.requiredWriteBytesPerSecond(1800, 0.01, CheckpointMode.ASYNC)).isCloseTo(total / 1800, within(1.0));
    assertThat(t.requiredWriteBytesPerSecond(1, 0.001, CheckpointMode.ASYNC)).isInfinite();
  }

  @Test
  void textNeedsTokensTimesTheirWidthAndImagesTheirSamples() {
    TrainingJob job = gpt3(Sharding.DISTRIBUTED_OPTIMIZER);
    TimeEstimate time = new TrainingTimeEstimator().estimate(job);
    DataLoading text = DataLoading.of(job, time, 0);
    assertThat(text.bytesPerToken()).isEqualTo(2); // GPT-3's 50,257 tokens fit uint16
    assertThat(text.bytesPerSecond()).isCloseTo(time.tokensPerSecond() * 2, within(1e-6));
    TrainingJob llama = TestJobs.llama70b();
    assertThat(DataLoading.of(llama, new TrainingTimeEstimator().estimate(llama), 0).bytesPerToken())
        .isEqualTo(4); // 128,256 tokens need int32
    DataLoading images = DataLoading.of(job, time, 150e3);
    assertThat(images.bytesPerSecond()).isCloseTo(time.tokensPerSecond() / 2048 * 150e3, within(1e-6));
    // The reference's anchor: 2.7 M tokens/s of int32 tokens is about 11 MB/s.
    assertThat(new DataLoading(2.7e6, 2.7e6 / 8192, 4, 0).bytesPerSecond()).isCloseTo(10.8e6, within(1.0));
  }
}
