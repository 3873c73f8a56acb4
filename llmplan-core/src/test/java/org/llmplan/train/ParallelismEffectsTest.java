package org.llmplan.train;

import org.llmplan.profile.AttentionImpl;
import org.llmplan.profile.FrameworkProfile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.llmplan.hardware.Precision;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;

/** How each parallel dimension moves memory, checked against the closed forms it must follow. */
class ParallelismEffectsTest {
  private final TrainingMemoryEstimator estimator = new TrainingMemoryEstimator();

  private static TrainingJob job(String model, int tp, int pp, int dp, int cp, int ep, int vpp, int batch,
      Sharding sharding) {
    FrameworkProfile f = Jobs.CATALOG.framework("megatron");
    Parallelism p = new Parallelism(tp, pp, dp, cp, ep, vpp, 1, tp > 1, sharding, 0, Recompute.SELECTIVE,
        OffloadTarget.NONE, OffloadTarget.NONE, 0, 0);
    return new TrainingJob(Jobs.CATALOG.model(model), Jobs.CATALOG.gpu("h100-sxm"), p.gpus(), 8, p, 8192, batch,
        Precision.BF16, f.policy(), Optimizer.ADAMW, f, AttentionImpl.FLASH, 0, Jobs.NDR);
  }

  @Test
  void contextParallelDividesActivationsOfEveryLayer() {
    double one = estimator.stage(job("llama-3.1-70b", 8, 1, 2, 1, 1, 1, 2, Sharding.NONE), 0)
        .part("transformer layers").value();
    double two = estimator.stage(job("llama-3.1-70b", 8, 1, 1, 2, 1, 1, 1, Sharding.NONE), 0)
        .part("transformer layers").value();
    assertThat(two).isCloseTo(one / 2, within(one * 1e-9));
  }

  @Test
  void expertParallelDividesExpertStateByEp() {
    // Mixtral 8x7B, TP 1, DP 8: EP 1 keeps all 8 experts on every GPU, EP 8 one expert; routed experts are
    // 8 x 3 x 4096 x 14336 parameters per layer, 32 layers, 2 bytes each.
    double routedBytes = 8.0 * 3 * 4096 * 14336 * 32 * 2;
    double ep1 = estimator.stage(job("mixtral-8x7b", 1, 1, 8, 1, 1, 1, 8, Sharding.DISTRIBUTED_OPTIMIZER), 0)
        .part("parameters").value();
    double ep8 = estimator.stage(job("mixtral-8x7b", 1, 1, 8, 1, 8, 1, 8, Sharding.DISTRIBUTED_OPTIMIZER), 0)
        .part("parameters").value();
    assertThat(ep1 - ep8).isCloseTo(routedBytes * 7 / 8, within(1.0));
  }

  @Test
  void expertStateShardsOverExpertDataParallelRanksOnly() {
    // EP 8 on DP 8 leaves one expert-DP rank: the distributed optimizer cannot shard expert state at all.
    TrainingJob j = job("mixtral-8x7b", 1, 1, 8, 1, 8, 1, 8, Sharding.DISTRIBUTED_OPTIMIZER);
    assertThat(j.parallelism().expertShards()).isEqualTo(1);
    assertThat(j.parallelism().denseShards()).isEqualTo(8);
  }

  @Test
  void interleavingAddsMegatronsActivationPenalty() {
    // First stage of PP 4: 1F1B keeps 4 micro-batches; interleaving with v = 2 multiplies by 1 + 3/8.
    double plain = estimator.stage(job("llama-3.1-70b", 8, 4, 1, 1, 1, 1, 8, Sharding.NONE), 0)
        .part("transformer layers").value();
    double interleaved = estimator.stage(job("llama-3.1-70b", 8, 4, 1, 1, 1, 2, 8, Sharding.NONE), 0)
        .part("transformer layers").value();
    assertThat(interleaved / plain).isCloseTo(1 + 3.0 / 8, within(1e-9));
  }

  @Test
  void laterPipelineStagesHoldFewerMicroBatches() {
    TrainingJob j = job("llama-3.1-70b", 8, 4, 1, 1, 1, 1, 8, Sharding.NONE);
    double first = estimator.stage(j, 0).part("transformer layers").value();
    double last = estimator.stage(j, 3).part("transformer layers").value();
    assertThat(last / first).isCloseTo(1.0 / 4, within(1e-9));
    assertThat(estimator.stage(j, 3).part("logits").value()).isPositive();
    assertThat(estimator.stage(j, 0).part("logits").value()).isZero();
  }
}
