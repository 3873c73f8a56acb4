package org.llmplan.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.llmplan.estimate.Part;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;
import org.llmplan.profile.AttentionImpl;

/**
 * torchtitan is its own framework with its own sourced rules (frameworks.yaml): FSDP2 keeps the same state and
 * buffers as plain PyTorch FSDP for one layout, but its bundle compiles model and loss, so the element-wise
 * kernels (norms, SwiGLU, residual adds, rotary) stream their bytes once instead of the three times of eager ops.
 */
class TorchtitanRulesTest {
  private static TrainingJob job(String framework) {
    return Jobs.job("llama-3.1-8b", "h100-sxm", Jobs.layout(1, 1, 8, 1, false, Recompute.NONE, Sharding.FSDP_FULL),
        8192, 16, framework, AttentionImpl.FLASH);
  }

  private static double part(TimeEstimate t, String name) {
    return t.parts().stream().filter(p -> p.name().equals(name)).mapToDouble(Part::value).findFirst().orElseThrow();
  }

  @Test
  void fsdp2HoldsWhatFsdpHoldsForTheSameLayout() {
    assertThat(new TrainingMemoryEstimator().estimate(job("torchtitan")).totalBytes())
        .isEqualTo(new TrainingMemoryEstimator().estimate(job("fsdp")).totalBytes());
  }

  /**
   * Worked by hand for llama-3.1-8b (h 4096, ffn 14336, 32 layers, GQA 32/8 heads) at 8192 tokens a micro-batch:
   * the forward element-wise bytes of a layer are, per token, 2 norms x 2 x 8192 B + 2 residuals x 3 x 8192 B +
   * SwiGLU 3 x 14336 x 2 B + rotary 2 x (4096 + 1024) x 2 B = 188416 B, so 1.5435e9 B a layer. Eager FSDP streams
   * them three times, compiled torchtitan once: 2 x 1.5435e9 B more per layer forward (twice that backward) at
   * 3.35 TB/s x 0.90 = 1.024 ms, x 32 layers x 2 micro-batches = 65.5 ms a step forward, 131 ms backward.
   */
  @Test
  void compiledElementwiseKernelsSaveTwoOfThreeStreams() {
    TimeEstimate fsdp = new TrainingTimeEstimator().estimate(job("fsdp"));
    TimeEstimate titan = new TrainingTimeEstimator().estimate(job("torchtitan"));
    double bytesPerLayer = 188416.0 * 8192;
    double perLayer = 2 * bytesPerLayer / (3.35e12 * 0.90);
    assertThat(perLayer).isCloseTo(1.024e-3, within(1e-6));
    assertThat(part(fsdp, "forward") - part(titan, "forward")).isCloseTo(32 * 2 * perLayer, within(1e-9));
    assertThat(part(fsdp, "backward") - part(titan, "backward")).isCloseTo(2 * 32 * 2 * perLayer, within(1e-9));
    assertThat(titan.stepSeconds()).isLessThan(fsdp.stepSeconds());
  }
}
