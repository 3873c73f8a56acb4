package org.llmplan.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.llmplan.comm.Collectives;
import org.llmplan.comm.GroupPlacement;
import org.llmplan.request.BatchShape;
import org.llmplan.request.HardwareChoice;
import org.llmplan.request.LayoutChoice;
import org.llmplan.request.PrecisionRecipe;
import org.llmplan.request.TrainingRequest;

/** A MoE layer as Megatron-Core runs it: grouped experts, router, permutation and the all-to-all around them. */
class MoeLayerTimeTest {
  private static TrainingJob job(String model, int gpus, int ep, int microBatch) {
    return TrainingRequest.of(model)
        .with(HardwareChoice.builder().gpu("h100-sxm").gpus(gpus).build())
        .with(LayoutChoice.builder().tp(1).pp(1).ep(ep).microBatch(microBatch).build())
        .with(BatchShape.builder().globalBatch(gpus * microBatch * 4).seq(4096).build())
        .with(PrecisionRecipe.builder().precision("bf16").build())
        .toJob(Jobs.CATALOG);
  }

  private static MoeLayerTime layer(TrainingJob job) {
    return MoeLayerTime.of(job, new StepKernels(job), 4096.0 * job.parallelism().microBatch());
  }

  /** Fewer tokens per expert (a smaller micro-batch) means more padding and weight reads per token. */
  @Test
  void smallMicroBatchesCostMorePerToken() {
    double one = layer(job("qwen3-30b-a3b", 8, 8, 1)).forward();
    double eight = layer(job("qwen3-30b-a3b", 8, 8, 8)).forward() / 8;
    assertThat(one).isGreaterThan(eight);
  }

  /** The backward pass does each GEMM twice (input and weight gradients): about twice the forward. */
  @Test
  void backwardIsAboutTwiceTheForward() {
    MoeLayerTime m = layer(job("qwen3-30b-a3b", 8, 8, 4));
    assertThat(m.backward() / m.forward()).isBetween(1.6, 2.0);
  }

  /** The all-to-all is exposed in full without shared experts, and hides behind them where there are some. */
  @Test
  void sharedExpertsHideTheDispatch() {
    TrainingJob qwen = job("qwen3-30b-a3b", 8, 8, 1);
    Collectives net = TrainingTimeEstimator.collectives(qwen);
    double tokens = 4096;
    double one = net.allToAll(tokens * 8 * 2048 * 2, GroupPlacement.of(8, 1, 8));
    assertThat(MoeLayerTime.allToAll(qwen, net, tokens, layer(qwen))).isEqualTo(4 * one);

    TrainingJob deepseek = job("deepseek-v3", 64, 8, 1);
    MoeLayerTime d = layer(deepseek);
    Collectives dnet = TrainingTimeEstimator.collectives(deepseek);
    double done = dnet.allToAll(tokens * 8 * 7168 * 2, GroupPlacement.of(8, 1, 8));
    double exposed = MoeLayerTime.allToAll(deepseek, dnet, tokens, d);
    assertThat(d.sharedExpertForward()).isPositive();
    assertThat(exposed).isLessThan(4 * done).isGreaterThanOrEqualTo(2 * done);
  }

  /** An EP group beyond one node sends its off-node share over the NICs: slower than EP within the node. */
  @Test
  void expertParallelismAcrossNodesCostsMore() {
    TrainingJob inNode = job("qwen3-30b-a3b", 16, 8, 1);
    TrainingJob acrossNodes = job("qwen3-30b-a3b", 16, 16, 1);
    double a = MoeLayerTime.allToAll(inNode, TrainingTimeEstimator.collectives(inNode), 4096, layer(inNode));
    double b = MoeLayerTime.allToAll(acrossNodes, TrainingTimeEstimator.collectives(acrossNodes), 4096,
        layer(acrossNodes));
    assertThat(b).isGreaterThan(2 * a);
  }

  /**
   * The ranks holding the same experts: with EP 8 filling each node of 64 GPUs, the expert data-parallel group
   * is 8 ranks, one per node (Megatron order tp-cp-ep-dp-pp), so expert gradients cross the network in full.
   */
  @Test
  void expertGradientsReduceOverOneRankPerNode() {
    GroupPlacement g = MoeLayerTime.expertDataParallel(job("gpt-oss-120b", 64, 8, 1));
    assertThat(g.size()).isEqualTo(8);
    assertThat(g.perNode()).isEqualTo(1);
    assertThat(MoeLayerTime.expertDataParallel(job("qwen3-30b-a3b", 8, 8, 1)).size()).isEqualTo(1);
  }

  /**
   * DeepSeek-V3 with one MTP module: the last stage runs one more MoE block, a 2h -> h projection and the LM head
   * and loss again (its 129280-row head costs about one MoE block), so each micro-batch's forward grows by more
   * than one MoE layer's and less than three.
   */
  @Test
  void anMtpModuleAddsAMoeBlockAndAHeadToTheLastStage() {
    TrainingRequest request = TrainingRequest.of("deepseek-v3")
        .with(HardwareChoice.builder().gpu("h100-sxm").gpus(64).build())
        .with(LayoutChoice.builder().tp(1).pp(1).ep(8).microBatch(1).build())
        .with(BatchShape.builder().globalBatch(128).seq(4096).build())
        .with(PrecisionRecipe.builder().precision("fp8").build());
    TrainingJob plain = request.toJob(Jobs.CATALOG);
    TrainingJob mtp = request.toJob(Jobs.CATALOG, plain.model().withMtpLayers(1));
    TrainingTimeEstimator estimator = new TrainingTimeEstimator();
    double extra = (estimator.stepTimes(mtp).forward() - estimator.stepTimes(plain).forward()) / plain.microBatches();
    double moeLayer = LayerCompute.of(plain, new StepKernels(plain), true).forward();
    assertThat(mtp.model().moe().mtpLayers()).isEqualTo(1);
    assertThat(extra).isGreaterThan(moeLayer).isLessThan(3 * moeLayer);
  }
}
