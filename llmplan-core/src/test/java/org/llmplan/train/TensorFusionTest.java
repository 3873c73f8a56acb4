package org.llmplan.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.llmplan.comm.GroupPlacement;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;
import org.llmplan.profile.AttentionImpl;
import org.llmplan.profile.FrameworkProfile;
import org.llmplan.profile.TensorFusion;

/**
 * Horovod's tensor fusion (frameworks.yaml horovod: 128 MiB buffer, 1 ms cycle): with gradients reduced during
 * backward, the last fused buffer and one cycle are exposed after it, so the step takes exactly one cycle plus the
 * all-reduce of min(buffer, gradients) longer than the same job without fusion.
 */
class TensorFusionTest {
  private static final Parallelism DP16 = Jobs.layout(1, 1, 16, 1, false, Recompute.NONE, Sharding.NONE);

  @Test
  void theHorovodProfileCarriesItsDocumentedDefaults() {
    FrameworkProfile horovod = Jobs.CATALOG.framework("horovod");
    assertThat(horovod.tensorFusion()).isEqualTo(new TensorFusion(128 * 1024 * 1024, 0.001));
    assertThat(horovod.maxTensorParallel()).isEqualTo(1);
    assertThat(horovod.maxPipelineParallel()).isEqualTo(1);
    assertThat(Jobs.CATALOG.framework("tensorflow").tensorFusion()).isNull();
  }

  @Test
  void theLastBufferAndOneCycleAreExposed() {
    TrainingJob fused = Jobs.job("llama-3.2-1b", "h100", DP16, 2048, 64, "horovod", AttentionImpl.FLASH);
    TrainingJob plain = withFramework(fused, without(fused.framework()));
    // 1.2 B FP32 gradients (AMP) are about 5 GB, far above the buffer: the last buffer is a full one.
    double buffer = 128.0 * 1024 * 1024;
    double tail = 0.001 + TrainingTimeEstimator.collectives(fused).allReduce(buffer, GroupPlacement.of(16, 1, 8));
    double difference = new TrainingTimeEstimator().estimate(fused).stepSeconds()
        - new TrainingTimeEstimator().estimate(plain).stepSeconds();
    assertThat(difference).isCloseTo(tail, within(1e-9));
    assertThat(tail).isGreaterThan(0.001);
  }

  private static FrameworkProfile without(FrameworkProfile f) {
    return new FrameworkProfile(f.name(), f.aliases(), f.description(), f.plugin(), f.policy(), f.shardings(),
        f.recompute(), f.offload(), f.activations(), f.attention(), f.maxTensorParallel(), f.maxPipelineParallel(),
        f.layouts(), f.logitsBytesPerElement(), f.runtimeReservedGiB(), f.fragmentation(), f.reduceBucketElements(),
        f.gatheredLayers(), f.unshardedGradLayers(), f.ddpGradientCopy(), f.hostBufferFactor(), f.attentionKernel(),
        f.dpOverlap(), f.tpOverlap(), f.eagerElementwise(), f.gradAccumulationBytes(), null, f.memoryHeadroom(),
        f.lora(), f.sources());
  }

  private static TrainingJob withFramework(TrainingJob j, FrameworkProfile f) {
    return new TrainingJob(j.model(), j.gpu(), j.gpus(), j.gpusPerNode(), j.parallelism(), j.seq(), j.globalBatch(),
        j.precision(), j.policy(), j.optimizer(), f, j.attention(), 0, j.scaleOut());
  }
}
