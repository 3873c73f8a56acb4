package org.llmplan.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmplan.hardware.Efficiency.GemmTile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GemmTest {
  /** H100 SXM as the microbenchmarks ran it: boost clock, BF16 GEMMs at 0.80 of 989, copies at 0.90 of 3.35 TB/s. */
  private static final double H100_BF16 = 0.80 * 989e12;
  private static final double H100_COPY = 0.90 * 3.35e12;
  private static final double KERNEL = 4e-6;
  /** The H100 entry's tiles (gpus.yaml) on its 132 SMs. */
  private static final GemmTiles HOPPER = new GemmTiles(List.of(new GemmTile(128, 256), new GemmTile(64, 256)), 132);

  /** BF16 C = X W on one H100, measured (shared/reference h100-microbenchmarks.md and inference-network-storage 2.2b). */
  @ParameterizedTest(name = "{0} x {2} x {1}: {3} us")
  @CsvSource({
      "1, 14336, 4096, 49.4",
      "16, 14336, 4096, 50.6",
      "64, 14336, 4096, 45.6",
      "256, 14336, 4096, 55.6",
      "1024, 14336, 4096, 176.9",
      "128, 28672, 8192, 170",
      "256, 28672, 8192, 185",
      "512, 28672, 8192, 316.5", // 760 TFLOP/s
      "1024, 28672, 8192, 603.6", // 797 TFLOP/s
  })
  void gemmsAgreeWithTheMicrobenchmarksWithin15Percent(int rows, int cols, int inner, double micros) {
    double seconds = new Gemm(cols, inner, 2, 2, 2, H100_BF16, H100_COPY, HOPPER).seconds(rows) + KERNEL;
    assertThat(seconds * 1e6).isCloseTo(micros, withinPercentage(15));
  }

  @Test
  void timeNeverFallsAsRowsAreAdded() {
    Gemm g = new Gemm(12288, 4096, 1, 1, 2, 0.73 * 1979e12, H100_COPY, HOPPER);
    double previous = 0;
    for (int rows = 1; rows <= 20_000; rows++) {
      double t = g.seconds(rows);
      assertThat(t).as("rows %d", rows).isGreaterThanOrEqualTo(previous);
      previous = t;
    }
  }

  @Test
  void overlapIsTheLargerTimeAloneAndAFourthRootOfTwoAboveItWhenEqual() {
    assertThat(Gemm.overlap(3, 0)).isEqualTo(3);
    assertThat(Gemm.overlap(0, 2)).isEqualTo(2);
    assertThat(Gemm.overlap(1, 1)).isCloseTo(Math.pow(2, 0.25), withinPercentage(1e-12));
  }
}
