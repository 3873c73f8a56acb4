package org.llmplan.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.llmplan.catalog.Catalog;

class FlopConventionTest {
  private static final Catalog CATALOG = Catalog.embedded();

  /**
   * shared/reference/training-model.md section 4.4, case (a): GPT-3 175B, B 1536, s 2048, l 96, h 12288,
   * V 51200 gives 4.511e18 FLOPs per iteration with full recompute and 3.386e18 without (Narayanan et al.
   * 2021, eq. 3).
   */
  @Test
  void narayananCountsGpt3OnTheReferenceCase() {
    FlopShape gpt3 = new FlopShape(1536, 2048, 96, 12288, 51200, 175e9, true);
    assertThat(FlopConvention.NARAYANAN_2021.hardwareFlopsPerStep(gpt3)).isCloseTo(4.511e18, withinPercentage(0.01));
    assertThat(FlopConvention.NARAYANAN_2021.tflopsColumnFlopsPerStep(gpt3))
        .isEqualTo(FlopConvention.NARAYANAN_2021.hardwareFlopsPerStep(gpt3));
    assertThat(FlopConvention.NARAYANAN_2021.modelFlopsPerStep(gpt3)).isCloseTo(3.386e18, withinPercentage(0.01));
  }

  @Test
  void megatron2024CountsModelFlopsInItsTflopsColumn() {
    FlopShape gpt3 = new FlopShape(1536, 2048, 96, 12288, 51200, 175e9, true);
    assertThat(FlopConvention.MEGATRON_2024.tflopsColumnFlopsPerStep(gpt3)).isCloseTo(3.386e18, withinPercentage(0.01));
    FlopShape noRecompute = new FlopShape(1536, 2048, 96, 12288, 51200, 175e9, false);
    assertThat(FlopConvention.MEGATRON_2024.hardwareFlopsPerStep(noRecompute))
        .isEqualTo(FlopConvention.MEGATRON_2024.modelFlopsPerStep(noRecompute));
  }

  /** Worked by hand: one MPT-7B sequence of 2048 tokens is 2*N*s + 4*l*d*s^2 per pass, 3 passes for MFU. */
  @Test
  void llmFoundryCountsPerSequence() {
    FlopShape mpt7b = new FlopShape(1, 2048, 32, 4096, 50368, 6658859008.0, true);
    double pass = 2 * 6658859008.0 * 2048 + 4.0 * 32 * 4096 * 2048 * 2048;
    assertThat(FlopConvention.LLM_FOUNDRY.modelFlopsPerStep(mpt7b)).isEqualTo(3 * pass);
    assertThat(FlopConvention.LLM_FOUNDRY.hardwareFlopsPerStep(mpt7b)).isEqualTo(4 * pass);
  }

  static Stream<PublishedTrainingRow> foundryRows() {
    return PublishedRows.ALL.stream().filter(r -> r.framework().contains("llm-foundry"));
  }

  /**
   * The llm-foundry rows print tokens/s next to MFU and HFU; the convention turns the one into the others as
   * collect_results.py did (to the rounding of the printed figures).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("foundryRows")
  void llmFoundryConventionReproducesThePrintedMfuAndHfu(PublishedTrainingRow r) {
    double sequencesPerSecond = r.tokensPerSecTotal() / r.seqLen();
    FlopShape perSequence = new FlopShape(1, r.seqLen(), r.layers(), r.hidden(), r.vocab(),
        Double.parseDouble(r.params()), r.recompute().startsWith("full"));
    double peak = FlopConvention.LLM_FOUNDRY.peakFlopsPerGpu(CATALOG.gpu(r.gpuType().startsWith("A100")
        ? "a100-80gb" : "h100-sxm"));
    double mfu = FlopConvention.LLM_FOUNDRY.modelFlopsPerStep(perSequence) * sequencesPerSecond / r.numGpus() / peak;
    double hfu = FlopConvention.LLM_FOUNDRY.hardwareFlopsPerStep(perSequence) * sequencesPerSecond / r.numGpus()
        / peak;
    assertThat(mfu * 100).isCloseTo(r.mfuPct(), within(0.1));
    assertThat(hfu * 100).isCloseTo(r.hfuPct(), within(0.1));
  }

  @Test
  void mfuDividesByTheDense16BitPeak() {
    assertThat(FlopConvention.LLM_FOUNDRY.peakFlopsPerGpu(CATALOG.gpu("a100-80gb"))).isEqualTo(312e12);
    assertThat(FlopConvention.MEGATRON_2024.peakFlopsPerGpu(CATALOG.gpu("h100-sxm"))).isEqualTo(989e12);
  }
}
