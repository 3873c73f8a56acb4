package org.llmplan.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A changed copy of a layout changes what it names and keeps every other field. */
class ParallelismBuilderTest {
  private static final Parallelism LAYOUT = new Parallelism(8, 4, 16, 2, 4, 2, 3, true, Sharding.FSDP_HYBRID, 8,
      Recompute.SELECTIVE, OffloadTarget.CPU, OffloadTarget.NVME, 5, 6);

  @Test
  void toBuilderKeepsEveryField() {
    assertThat(LAYOUT.toBuilder().build()).isEqualTo(LAYOUT);
  }

  @Test
  void aChangedCopyDiffersOnlyInWhatItSets() {
    Parallelism wider = LAYOUT.toBuilder().tp(2).dp(64).build();
    assertThat(wider).isEqualTo(new Parallelism(2, 4, 64, 2, 4, 2, 3, true, Sharding.FSDP_HYBRID, 8,
        Recompute.SELECTIVE, OffloadTarget.CPU, OffloadTarget.NVME, 5, 6));
    assertThat(LAYOUT.tp()).isEqualTo(8);
  }

  @Test
  void aNewBuilderIsOneGpuWithNothingShardedRecomputedOrOffloaded() {
    assertThat(Parallelism.builder().build()).isEqualTo(new Parallelism(1, 1, 1, 1, 1, 1, 1, false, Sharding.NONE, 0,
        Recompute.NONE, OffloadTarget.NONE, OffloadTarget.NONE, 0, 0));
  }
}
