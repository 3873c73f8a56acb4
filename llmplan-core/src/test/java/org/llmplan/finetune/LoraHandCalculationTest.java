package org.llmplan.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.PlanInputException;
import org.llmplan.request.AdapterChoice;
import org.llmplan.request.BatchShape;
import org.llmplan.request.FrameworkOptions;
import org.llmplan.request.HardwareChoice;
import org.llmplan.request.LayoutChoice;
import org.llmplan.request.TrainingRequest;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.PeakMemory;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingMemoryEstimator;
import org.llmplan.train.TrainingTimeEstimator;

/** The program against the hand calculations of docs/finetune.md (LoRA 8B and QLoRA 70B on one H100). */
class LoraHandCalculationTest {
  private static final Catalog CATALOG = Catalog.embedded();
  private static final double GIB = 1024.0 * 1024 * 1024;

  private static TrainingJob job(String model, String recompute, AdapterChoice adapters) {
    return TrainingRequest.of(model).with(HardwareChoice.builder().gpu("h100").build())
        .with(LayoutChoice.builder().recompute(recompute).build()).with(BatchShape.builder().seq(4096).build())
        .with(FrameworkOptions.builder().framework("hf").build()).with(adapters).toJob(CATALOG);
  }

  private static final AdapterChoice LORA_8B = new AdapterChoice(16, null, "q,k,v,o", null, null, null);
  private static final AdapterChoice QLORA_70B = new AdapterChoice(16, null, "q,k,v,o", "nf4", null, null);

  @Test
  void adapterParametersAreRankTimesInputsPlusOutputs() {
    // Llama 3.1 8B, h 4096, KV width 1024: q and o 16 x (4096 + 4096) = 131,072 each, k and v 16 x (4096 + 1024)
    // = 81,920 each: 425,984 per layer, x 32 layers = 13,631,488.
    LoraSpec spec = job("llama-3.1-8b", "none", LORA_8B).lora();
    assertThat(spec.adapterParamsPerLayer(CATALOG.model("llama-3.1-8b"))).isEqualTo(425_984);
    assertThat(spec.adapterParams(CATALOG.model("llama-3.1-8b"))).isEqualTo(13_631_488);
    assertThat(spec.scaling()).isEqualTo(2.0); // default alpha 2r
  }

  @Test
  void nf4BytesAreTheQloraPapersBits() {
    // Dettmers et al. 2023: 4 bits + 32/64 = 4.5 bits; with double quantization 4 + 8/64 + 32/(64*256) = 4.127
    assertThat(BaseWeights.NF4.bytesPerWeight(false) * 8).isCloseTo(4.5, within(1e-12));
    assertThat(BaseWeights.NF4.bytesPerWeight(true) * 8).isCloseTo(4.127, within(1e-3));
  }

  @Test
  void lora8bMemoryMatchesTheHandCalculation() {
    MemoryEstimate e = new TrainingMemoryEstimator().worstStage(job("llama-3.1-8b", "none", LORA_8B));
    // frozen base: 8,030,261,248 params x 2 B = 14.96 GiB; adapters 13,631,488 x 4 B (FP32) = 0.051 GiB
    assertThat(e.part("frozen base").value() / GIB).isCloseTo(14.96, within(0.01));
    assertThat(e.part("adapters").value()).isEqualTo(13_631_488 * 4.0);
    assertThat(e.part("gradients").value()).isEqualTo(13_631_488 * 4.0);
    assertThat(e.part("optimizerStates").value()).isEqualTo(13_631_488 * 8.0);
    // per layer (docs/finetune.md): 134.2 + 33.6 + 83.9 + 100.7 + 34.1 + 33.6 + 352.3 + 0.5 = 772.8 MB
    double layer = 2 * 4096 * 4096 * 4.0 + 4096 * 4096 * 2.0 + 2 * 4096 * 5120 * 2.0 + 3 * 4096 * 4096 * 2.0
        + (4096 * 4096 * 2.0 + 4 * 32 * 4096) + 4096 * 4096 * 2.0 + 3 * 4096 * 14336 * 2.0 + 4 * 4096 * 16 * 2.0;
    assertThat(e.part("transformer layers").value()).isCloseTo(32 * layer, within(1.0));
    assertThat(e.totalBytes() / GIB).isCloseTo(44.45, within(0.01));
  }

  @Test
  void qlora70bMemoryMatchesTheHandCalculation() {
    TrainingJob job = job("llama-3.1-70b", "full", QLORA_70B);
    MemoryEstimate e = new TrainingMemoryEstimator().worstStage(job);
    // 80 layers x 855,638,016 linear weights x 0.515869 B + the other 2,101,534,720 params x 2 B
    long linear = 80L * (2L * 8192 * 8192 + 2L * 8192 * 1024 + 3L * 8192 * 28672);
    long other = job.model().parameters().total() - linear;
    double base = linear * (0.5 + 1.0 / 64 + 4.0 / (64 * 256)) + other * 2.0;
    assertThat(e.part("frozen base").value()).isCloseTo(base, within(1.0));
    assertThat(base / GIB).isCloseTo(36.80, within(0.01));
    // dequantization buffer: the 8192 x 28672 MLP weight in 16 bits
    assertThat(e.part("NF4 dequantization buffer").value()).isEqualTo(8192.0 * 28672 * 2);
    // adapters: (2 x 16 x 16384 + 2 x 16 x 9216) x 80 = 65,536,000 params, FP32
    assertThat(e.part("adapters").value()).isEqualTo(65_536_000 * 4.0);
    assertThat(e.fits()).isTrue();
    assertThat(e.totalBytes() / GIB).isBetween(50.0, 52.0);
  }

  @Test
  void theClosedFormAgreesWithTheExplainedTotal() {
    TrainingJob job = job("llama-3.1-70b", "full", QLORA_70B);
    assertThat(new PeakMemory(job.model()).gpuBytes(job))
        .isEqualTo(new TrainingMemoryEstimator().worstStage(job).totalBytes());
  }

  @Test
  void aFrozenBaseSkipsTheWeightGradients() {
    // Full fine-tune vs LoRA on the same layout: the base's backward GEMMs halve (input gradients only), so
    // the LoRA backward is shorter by at least a third of the full backward's GEMM share. Forward grows by the
    // adapters' HBM traffic, not their FLOPs (0.2 % at rank 16): per target the thin GEMMs read x (s x in x 2 B)
    // and the scale-and-add streams 5 x s x out x 2 B, for q at s = 4096 34 + 168 MB, about 0.07 ms at 3 TB/s
    // against a block forward of about 2.3 ms (2 x 218M x 4096 FLOPs at 790 TFLOP/s): under 10 % for four.
    TrainingJob full = job("llama-3.1-8b", "full", AdapterChoice.UNSET);
    TrainingJob lora = job("llama-3.1-8b", "full", LORA_8B);
    var fullTimes = new TrainingTimeEstimator().stepTimes(full);
    var loraTimes = new TrainingTimeEstimator().stepTimes(lora);
    assertThat(loraTimes.forward() / fullTimes.forward()).isBetween(1.0, 1.10);
    assertThat(loraTimes.backward() / fullTimes.backward()).isBetween(0.5, 0.75);
    assertThat(loraTimes.optimizer()).isLessThan(fullTimes.optimizer() / 100);
  }

  @Test
  void nf4DequantizationCostsItsHbmTraffic() {
    // 80 layers x 855.6M weights x (0.516 read + 2 written) B = 172.2 GB per pass; forward, recompute and
    // backward: 516.6 GB, >= 0.154 s at the H100's 3.35 TB/s and no slower than at 60 % of it.
    double bf16 = new TrainingTimeEstimator().stepTimes(job("llama-3.1-70b", "full",
        new AdapterChoice(16, null, "q,k,v,o", "bf16", null, null))).total();
    double nf4 = new TrainingTimeEstimator().stepTimes(job("llama-3.1-70b", "full", QLORA_70B)).total();
    double bytes = 3 * 80 * 855_638_016.0 * (2 + 0.5 + 1.0 / 64 + 4.0 / (64 * 256));
    assertThat(nf4 - bf16).isBetween(bytes / 3.35e12, bytes / (0.6 * 3.35e12));
  }

  @Test
  void badCombinationsAreRefusedWithWhatToChange() {
    assertThatThrownBy(() -> TrainingRequest.of("llama-3.1-8b").with(HardwareChoice.builder().gpu("h100").build())
        .with(QLORA_70B).toJob(CATALOG)).isInstanceOf(PlanInputException.class)
        .hasMessageContaining("does not fine-tune adapters over nf4").hasMessageContaining("--framework hf");
    assertThatThrownBy(() -> job("llama-3.1-8b", "none", new AdapterChoice(16, null, "q,qkv", null, null, null)))
        .isInstanceOf(PlanInputException.class).hasMessageContaining("name either it or its parts");
    assertThatThrownBy(() -> job("llama-3.1-8b", "none", new AdapterChoice(0, null, null, null, null, null)))
        .isInstanceOf(PlanInputException.class).hasMessageContaining("LoRA rank");
    assertThatThrownBy(() -> job("llama-3.1-8b", "none", new AdapterChoice(8, null, "q,zz", null, null, null)))
        .isInstanceOf(PlanInputException.class).hasMessageContaining("unknown LoRA target 'zz'");
    assertThatThrownBy(() -> job("llama-3.1-8b", "none", new AdapterChoice(8, null, null, "bf16", true, null)))
        .isInstanceOf(PlanInputException.class).hasMessageContaining("double quantization applies to NF4");
  }
}
