package org.llmplan.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;
import org.llmplan.comm.Collectives;
import org.llmplan.request.BatchShape;
import org.llmplan.request.HardwareChoice;
import org.llmplan.request.LayoutChoice;
import org.llmplan.request.TrainingRequest;

/** Ring attention hides each K/V transfer behind one step's attention only (Ring Attention; TE's P2P CP). */
class ContextParallelTimeTest {
  private static TrainingJob job(int seq, int cp, int tp) {
    return TrainingRequest.of("llama-3-70b").with(HardwareChoice.builder().gpu("h100").gpus(8 * cp).build())
        .with(LayoutChoice.builder().tp(tp).pp(8 / tp).cp(cp).sharding("dist-opt").recompute("selective").build())
        .with(BatchShape.builder().globalBatch(8).seq(seq).build()).toJob(Catalog.embedded());
  }

  @Test
  void withNothingToHideBehindEachOfTheCpMinusOneStepsSendsKvForwardAndKvWithGradientsBack() {
    TrainingJob j = job(8192, 4, 8);
    Collectives net = TrainingTimeEstimator.collectives(j);
    // llama-3-70b: 8 KV heads x 128 = 1024 wide; 2048 local tokens; BF16; TP 8
    double kv = 2 * 2048.0 * 1024 * 2 / 8;
    double expected = 3 * (net.sendReceive(kv, true) + net.sendReceive(2 * kv, true));
    assertThat(ContextParallelTime.perLayer(j, net, 0, 0)).isCloseTo(expected, within(1e-15));
  }

  @Test
  void longChunksHideTheRingAndShortOnesDoNot() {
    TrainingTimeEstimator time = new TrainingTimeEstimator();
    // 128K tokens over CP 4: 32K-token chunks, each step's attention far outlasts its K/V transfer
    assertThat(time.stepTimes(job(131072, 4, 8)).cp()).isZero();
    // 4K tokens over CP 8 across nodes: 512-token chunks, the transfers outlast each step's attention
    StepTimes shortChunks = time.stepTimes(job(4096, 8, 8));
    assertThat(shortChunks.cp()).isPositive();
  }
}
