package org.llmplan.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;
import org.llmplan.hardware.Efficiency.GemmTile;
import org.llmplan.hardware.Precision;

/** The grouped GEMM of a MoE layer's local experts: tiles padded per group, waves shared, weights per group. */
class GroupedGemmTest {
  private static final KernelTimes H100 = KernelTimes.of(Catalog.embedded().gpu("h100-sxm"), Precision.BF16, "fa3");

  /** Achieved share of the dense 16-bit GEMM rate of a large square product. */
  private static double rateShare(double groups, double rows, double cols, double inner) {
    double seconds = H100.groupedGemm(groups, rows, cols, inner, 2);
    double flops = 2 * groups * rows * cols * inner;
    double dense = 2.0 * 8192 * 8192 * 8192 / H100.gemm(8192, 8192, 8192, 2);
    return flops / seconds / dense;
  }

  @Test
  void oneGroupIsTheDenseGemm() {
    assertThat(H100.groupedGemm(1, 4096, 1536, 2048, 2)).isCloseTo(H100.gemm(4096, 1536, 2048, 2),
        withinPercentage(0.001));
  }

  /** The same FLOPs split over more weight matrices read more bytes and pad more tiles: never faster. */
  @Test
  void splittingTheRowsOverExpertsIsNeverFasterThanOneGemm() {
    for (int groups : new int[] {2, 8, 16, 64}) {
      double rows = 32768.0 / groups;
      assertThat(H100.groupedGemm(groups, rows, 1536, 2048, 2)).as("%d groups", groups)
          .isGreaterThanOrEqualTo(H100.gemm(32768, 1536, 2048, 2) * 0.999);
    }
  }

  /**
   * Small experts at few tokens each run far below the dense rate (issue 12): Qwen3-30B-A3B's 768-wide experts
   * (2048 x 1536 gate/up) at 16 tokens per expert are bound by reading each expert's 6.3 MB of weights.
   */
  @Test
  void smallExpertsAtFewTokensRunFarBelowTheDenseRate() {
    double few = rateShare(16, 16, 1536, 2048);
    double many = rateShare(16, 4096, 1536, 2048);
    assertThat(few).isLessThan(0.1);
    assertThat(many).isGreaterThan(0.8);
    assertThat(rateShare(16, 256, 1536, 2048)).isBetween(few, many);
  }

  /** Tiles are padded per group: 16 groups of 129 rows take the waves of 16 x 2 tile rows, like 256 rows each. */
  @Test
  void eachGroupIsPaddedToWholeTilesOfItsOwn() {
    GemmTiles fourSms = new GemmTiles(List.of(new GemmTile(128, 256)), 4);
    double perTileRow = 4 * 2 * 256 * 1024 / 1e15;
    // 16 groups x 2 tile rows x 1 column tile = 32 tiles = 8 waves of 128 rows
    double waveSeconds = 4 * 2 / 1e15; // SMs x 2 / rate
    assertThat(fourSms.waves(16, 129, 256, 1024, waveSeconds)).isCloseTo(8 * 128 * perTileRow,
        withinPercentage(1e-9));
    assertThat(fourSms.waves(16, 129, 256, 1024, waveSeconds)).isEqualTo(fourSms.waves(16, 256, 256, 1024,
        waveSeconds));
  }
}
