package org.llmplan.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidLayoutException;
import org.llmplan.request.BatchShape;
import org.llmplan.request.HardwareChoice;
import org.llmplan.request.LayoutChoice;
import org.llmplan.request.TrainingRequest;

/** Megatron's uneven pipeline split: Llama-3.1-405B's 126 layers over 16 stages, 7 on the first and last. */
class UnevenPipelineTest {
  private static TrainingJob job(Integer first, Integer last) {
    return job(LayoutChoice.builder().tp(8).pp(16).firstStageLayers(first).lastStageLayers(last), 2048);
  }

  private static TrainingJob job(LayoutChoice.Builder layout, int gpus) {
    return TrainingRequest.of("llama-3.1-405b")
        .with(HardwareChoice.builder().gpu("h100").gpus(gpus).build())
        .with(layout.microBatch(1).sharding("dist-opt").recompute("selective").sequenceParallel(true).build())
        .with(BatchShape.builder().globalBatch(256).seq(8192).build()).toJob(Catalog.embedded());
  }

  /** The layout of the Megatron-Bridge 25.11 Llama 3.1 405B runs on H100: TP 8, PP 8 x VP 8, CP 2. */
  private static LayoutChoice.Builder published(boolean counted) {
    return LayoutChoice.builder().tp(8).pp(8).cp(2).vpp(8).embeddingInSplit(counted).lossInSplit(counted);
  }

  @Test
  void the126LayersOver8StagesOf8VirtualStagesNeedTheEmbeddingAndLossCounted() {
    assertThatThrownBy(() -> job(published(false), 1024)).isInstanceOf(InvalidLayoutException.class)
        .hasMessageContaining("layers 126").hasMessageContaining("--embedding-in-split");
    TrainingJob j = job(published(true), 1024);
    assertThat(StageLayers.count(j.model(), j.parallelism(), 0)).isEqualTo(15);
    assertThat(StageLayers.count(j.model(), j.parallelism(), 1)).isEqualTo(16);
    // the interleaved bubble: (p - 1) / v = 7 / 8 slots of the slowest stage
    StepTimes t = new TrainingTimeEstimator().stepTimes(j);
    assertThat(t.bubbleSlots()).isEqualTo(7.0 / 8);
    assertThat(t.bubble()).isCloseTo(7.0 / 8 * t.slotSeconds(), org.assertj.core.data.Offset.offset(1e-12));
    // stored activations follow layers x in-flight micro-batches: 15 x 8 on the first stage, 16 x 7 on the second
    TrainingMemoryEstimator memory = new TrainingMemoryEstimator();
    double first = memory.stage(j, 0).part("transformer layers").value();
    double second = memory.stage(j, 1).part("transformer layers").value();
    assertThat(first / second).isCloseTo(15.0 * 8 / (16 * 7), org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void unevenEndsMustDivideByTheVirtualStages() {
    // 126 = 7 + 14 x 8 + 7 on PP 16: the ends of 7 layers cannot split into 2 virtual stages
    assertThatThrownBy(() -> job(LayoutChoice.builder().tp(8).pp(16).vpp(2).firstStageLayers(7)
        .lastStageLayers(7), 2048)).isInstanceOf(InvalidLayoutException.class)
        .hasMessageContaining("divisible by the 2 virtual stages");
    // 126 = 6 + 6 x 19 + 6 on PP 8: 19 layers per middle stage cannot split into 2
    assertThatThrownBy(() -> job(LayoutChoice.builder().tp(8).pp(8).cp(2).vpp(2).firstStageLayers(6)
        .lastStageLayers(6), 1024)).isInstanceOf(InvalidLayoutException.class)
        .hasMessageContaining("19 layers of each middle stage");
    assertThatThrownBy(() -> job(published(true).firstStageLayers(14), 1024))
        .isInstanceOf(InvalidLayoutException.class).hasMessageContaining("cannot be combined");
  }

  @Test
  void anEvenSplitOf126LayersOver16StagesIsRefused() {
    assertThatThrownBy(() -> job(null, null)).isInstanceOf(InvalidLayoutException.class)
        .hasMessageContaining("layers 126");
  }

  @Test
  void sevenLayersOnTheFirstAndLastLeaveEightForEachOfTheOthers() {
    TrainingJob j = job(7, 7);
    int total = 0;
    for (int stage = 0; stage < 16; stage++) {
      int layers = StageLayers.count(j.model(), j.parallelism(), stage);
      assertThat(layers).isEqualTo(stage == 0 || stage == 15 ? 7 : 8);
      total += layers;
    }
    assertThat(total).isEqualTo(126);
  }

  @Test
  void theMiddleStagesSetThePaceAndHoldTheMostMemory() {
    TrainingJob j = job(7, 7);
    TrainingMemoryEstimator memory = new TrainingMemoryEstimator();
    // stage 1 has 8 layers and 15 micro-batches in flight; stage 0 only 7 layers (and the embedding)
    assertThat(memory.stage(j, 1).part("transformer layers").value())
        .isGreaterThan(memory.stage(j, 0).part("transformer layers").value());
    StepTimes t = new TrainingTimeEstimator().stepTimes(j);
    assertThat(t.slotSeconds()).isPositive();
  }

  @Test
  void aSplitThatLeavesARemainderIsRefused() {
    assertThatThrownBy(() -> job(10, 10)).isInstanceOf(InvalidLayoutException.class)
        .hasMessageContaining("106 layers left").hasMessageContaining("14 other stages");
  }
}
