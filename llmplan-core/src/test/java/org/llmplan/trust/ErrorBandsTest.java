package org.llmplan.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;
import org.llmplan.trust.ErrorBands.Residual;

class ErrorBandsTest {
  private static final Catalog CATALOG = Catalog.embedded();
  private static final Territory H100 = Territory.of("megatron", CATALOG.gpu("h100-sxm"), false, "bf16",
      List.of());
  private static final Territory H200 = Territory.of("megatron", CATALOG.gpu("h200"), false, "bf16",
      List.of());

  private static List<Residual> family(Territory t, double... errors) {
    List<Residual> out = new ArrayList<>();
    for (double e : errors) {
      out.add(new Residual(t, e));
    }
    return out;
  }

  @Test
  void theDistanceBetweenTwoHoppersIsTheirHbmRatioAlone() {
    // Same GH100 tensor peak (989 TFLOP/s); HBM 4.8 against 3.35 TB/s.
    assertThat(H100.distance(H200)).isCloseTo(Math.log(4.8 / 3.35), within(1e-3));
    Territory fp8LongMoe = new Territory("megatron", "h100-sxm", H100.tensorFlops(), H100.hbmBytesPerSecond(), true,
        "fp8", List.of("long-context"));
    assertThat(H100.distance(fp8LongMoe)).isEqualTo(1 + 0.5 + 0.5);
    assertThat(fp8LongMoe.familyKey()).isEqualTo("megatron / h100-sxm / moe / fp8 / long-context");
  }

  @Test
  void aFamilysBandSpansTheTenthToTheNinetiethPercentileOfItsResiduals() {
    // Ten residuals -5 .. +4: type-7 quantiles 0.1 -> -4.1, 0.9 -> +3.1; median -0.5.
    ErrorBands bands = ErrorBands.fit(family(H100, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4), 10);
    Band b = bands.around(H100);
    assertThat(b.lowPct()).isCloseTo(-4.1, within(1e-9));
    assertThat(b.highPct()).isCloseTo(3.1, within(1e-9));
    assertThat(b.validated()).isTrue();
    assertThat(b.words()).startsWith("validated ground: megatron / h100-sxm / dense / bf16 (10 published rows)");
  }

  @Test
  void aTightFamilyStillGetsTheRunToRunNoiseEitherSideOfItsMedian() {
    Band b = ErrorBands.fit(family(H100, 5, 5, 5, 5, 5), 10).around(H100);
    assertThat(b.lowPct()).isEqualTo(3);
    assertThat(b.highPct()).isEqualTo(7);
  }

  @Test
  void aBandAwayFromValidatedGroundWidensByTheDistanceAndSaysSo() {
    ErrorBands bands = ErrorBands.fit(family(H100, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4), 10);
    Territory b200 = Territory.of("megatron", CATALOG.gpu("b200"), false, "bf16", List.of());
    Band b = bands.around(b200);
    double d = H100.distance(b200);
    assertThat(d).isGreaterThan(Band.VALIDATED);
    assertThat(b.lowPct()).isCloseTo(-4.1 - 10 * d, within(1e-9));
    assertThat(b.highPct()).isCloseTo(3.1 + 10 * d, within(1e-9));
    assertThat(b.validated()).isFalse();
    assertThat(b.words()).startsWith("no validated family near megatron / b200 / dense / bf16: the nearest is "
        + "megatron / h100-sxm / dense / bf16 (10 published rows)");
    assertThat(b.words()).contains(b.durationPct());
  }

  @Test
  void aBandTurnsIntoIntervalsOfTheMeasuredRateAndDuration() {
    Band b = new Band(-10, 25, H100, ErrorBands.fit(family(H100, 0, 0, 0, 0, 0), 0).families().get(0), 0);
    // The estimate is 25 % above the measurement at most: a rate of 125 means at least 100 measured.
    assertThat(b.rate(125)).containsExactly(100, 125 / 0.9);
    assertThat(b.duration(10)).containsExactly(9, 12.5);
    assertThat(b.slowSeconds(10)).isEqualTo(12.5);
    // As changes: a duration -10 % to +25 %; a rate 1/1.25 - 1 = -20 % to 1/0.9 - 1 = +11 %.
    assertThat(b.durationPct()).isEqualTo("-10/+25 %");
    assertThat(b.ratePct()).isEqualTo("-20/+11 %");
  }

  @Test
  void aDurationsErrorIsTheRatesTurnedOver() {
    // A step predicted 10 s that measured 12.5 s: the rate is 0.1 against 0.08, 25 % too high.
    assertThat(Residual.ofDuration(H100, 10, 12.5).errorPct()).isCloseTo(25, within(1e-9));
    assertThat(Residual.ofRate(H100, 0.1, 0.08).errorPct()).isCloseTo(25, within(1e-9));
  }

  @Test
  void leavingOutAFamilyThatLooksLikeAnotherCoversItWithoutWidening() {
    // H200 rows behave like the H100 rows: held out, the H100 band covers 8 of 10.
    List<Residual> all = new ArrayList<>(family(H100, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4));
    all.addAll(family(H200, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4));
    BandCoverage.Report r = BandCoverage.leaveOneFamilyOut(all, 0);
    assertThat(r.families()).hasSize(2).allSatisfy(f -> assertThat(f.covered()).isEqualTo(0.8));
    assertThat(r.covered()).isEqualTo(0.8);
    assertThat(r.medianWidthPct()).isCloseTo(7.2, within(1e-9));
  }

  @Test
  void theFittedWideningCoversAShiftedFamilyAtTheTarget() {
    // The H200 rows sit 6 % higher than the H100 rows: without widening the H100 band misses most of them.
    List<Residual> all = new ArrayList<>(family(H100, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4));
    all.addAll(family(H200, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    assertThat(BandCoverage.leaveOneFamilyOut(all, 0).covered()).isLessThan(0.6);
    double w = BandCoverage.fitWidening(all);
    assertThat(w).isPositive();
    assertThat(BandCoverage.leaveOneFamilyOut(all, w).covered()).isCloseTo(0.8, within(0.1));
  }
}
