package org.llmplan.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.llmplan.estimate.Part;
import org.llmplan.request.BatchShape;
import org.llmplan.request.HardwareChoice;
import org.llmplan.request.LayoutChoice;
import org.llmplan.request.PrecisionRecipe;
import org.llmplan.request.TrainingRequest;

/** What MoE layers hold beyond their tokens: router state for backward, and the dispatch buffers. */
class MoeMemoryTest {
  private static TrainingJob qwen(int ep) {
    return TrainingRequest.of("qwen3-30b-a3b")
        .with(HardwareChoice.builder().gpu("h100-sxm").gpus(8).build())
        .with(LayoutChoice.builder().tp(1).pp(1).ep(ep).microBatch(1).build())
        .with(BatchShape.builder().globalBatch(64).seq(4096).build())
        .with(PrecisionRecipe.builder().precision("bf16").build())
        .toJob(Jobs.CATALOG);
  }

  /** 4096 tokens x 8 copies x 2048 x 2 B, sent and received: 268 MB; none without EP. */
  @Test
  void dispatchBuffersHoldEveryRoutedCopyBothWays() {
    Part buffers = new TrainingMemoryEstimator().estimate(qwen(8)).part("communicationBuffers");
    assertThat(buffers.find("MoE all-to-all buffers").value()).isEqualTo(2.0 * 4096 * 8 * 2048 * 2);
    assertThat(new TrainingMemoryEstimator().estimate(qwen(1)).part("communicationBuffers")
        .find("MoE all-to-all buffers")).isNull();
  }

  /** The routing map (1 B) and probabilities (4 B) of 4096 tokens x 128 experts: 2.6 MB per layer. */
  @Test
  void routingStateIsKeptPerTokenAndExpert() {
    Part layer = ActivationMemory.storedPerLayer(qwen(8), true);
    assertThat(layer.find("routing map and probabilities").value()).isEqualTo(4096.0 * 128 * 5);
  }
}
