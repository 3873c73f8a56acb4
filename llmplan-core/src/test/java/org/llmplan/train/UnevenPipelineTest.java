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
    return TrainingRequest.of("llama-3.1-405b")
        .with(HardwareChoice.builder().gpu("h100").gpus(2048).build())
        .with(LayoutChoice.builder().tp(8).pp(16).microBatch(1).sharding("dist-opt").recompute("selective")
            .sequenceParallel(true).firstStageLayers(first).lastStageLayers(last).build())
        .with(BatchShape.builder().globalBatch(256).seq(8192).build()).toJob(Catalog.embedded());
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
