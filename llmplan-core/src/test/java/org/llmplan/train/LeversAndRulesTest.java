package org.llmplan.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.llmplan.error.InvalidLayoutException;
import org.llmplan.error.UnknownNameException;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;
import org.llmplan.profile.AttentionImpl;

class LeversAndRulesTest {
  private final TrainingMemoryEstimator estimator = new TrainingMemoryEstimator();

  @Test
  void gpt3OnEightGpusDoesNotFitAndSaysWhichLeversHelp() {
    TrainingJob job = Jobs.job("gpt3-175b", "h100-sxm", Jobs.layout(8, 1, 1, 1, false, Recompute.NONE,
        Sharding.NONE), 2048, 8, "megatron", AttentionImpl.FLASH);
    MemoryEstimate e = estimator.estimate(job);
    assertThat(e.fits()).isFalse();
    // 18 B/param x 174.6e9 / 8 GPUs alone is 393 GB, far above 80 GiB.
    assertThat(e.totalBytes()).isGreaterThan(18 * 174.6e9 / 8);
    assertThat(e.levers()).isNotEmpty();
    assertThat(e.levers()).allMatch(l -> l.totalBytes() < e.totalBytes());
    var singleChanges = e.levers().stream().filter(l -> !l.change().startsWith("all of")).toList();
    assertThat(singleChanges).isSortedAccordingTo((a, b) -> Double.compare(a.totalBytes(), b.totalBytes()));
    // No single change fits 175B on 8 GPUs, so the combination of all of Megatron's savings is offered too.
    assertThat(e.levers()).anyMatch(l -> l.change().startsWith("all of") && l.change().contains("--recompute full"));
  }

  @Test
  void aPlanThatFitsHasNoLevers() {
    TrainingJob job = Jobs.job("gpt3-175b", "a100-80gb", Jobs.layout(8, 8, 16, 1, true, Recompute.SELECTIVE,
        Sharding.NONE), 2048, 1536, "megatron", AttentionImpl.FLASH);
    MemoryEstimate e = estimator.estimate(job);
    assertThat(e.fits()).isTrue();
    assertThat(e.levers()).isEmpty();
    assertThat(e.stage()).isEqualTo("first");
  }

  @Test
  void headsNotDivisibleByTpIsALayoutError() {
    assertThatThrownBy(() -> Jobs.job("gpt3-175b", "h100-sxm", Jobs.layout(5, 1, 1, 1, false, Recompute.NONE,
        Sharding.NONE), 2048, 8, "megatron", AttentionImpl.FLASH))
        .isInstanceOf(InvalidLayoutException.class)
        .hasMessageContaining("heads 96").hasMessageContaining("TP 5");
  }

  @Test
  void layersNotDivisibleByPpIsALayoutError() {
    assertThatThrownBy(() -> Jobs.job("gpt3-175b", "h100-sxm", Jobs.layout(8, 7, 1, 1, false, Recompute.NONE,
        Sharding.NONE), 2048, 7, "megatron", AttentionImpl.FLASH))
        .isInstanceOf(InvalidLayoutException.class).hasMessageContaining("layers 96");
  }

  @Test
  void batchNotDivisibleByMicroBatchTimesDpIsALayoutError() {
    assertThatThrownBy(() -> Jobs.job("gpt3-175b", "h100-sxm", Jobs.layout(8, 1, 4, 2, false, Recompute.NONE,
        Sharding.NONE), 2048, 12, "megatron", AttentionImpl.FLASH))
        .isInstanceOf(InvalidLayoutException.class).hasMessageContaining("global batch 12");
  }

  @Test
  void frameworksRefuseShardingTheyDoNotImplement() {
    assertThatThrownBy(() -> Jobs.job("gpt3-175b", "h100-sxm", Jobs.layout(8, 1, 2, 1, false, Recompute.NONE,
        Sharding.ZERO3), 2048, 8, "megatron", AttentionImpl.FLASH))
        .isInstanceOf(InvalidLayoutException.class).hasMessageContaining("megatron does not implement");
  }

  @Test
  void unknownGpuNamesCloseMatches() {
    assertThatThrownBy(() -> Jobs.CATALOG.gpu("h100-sxm5x"))
        .isInstanceOf(UnknownNameException.class).hasMessageContaining("h100-sxm");
  }
}
