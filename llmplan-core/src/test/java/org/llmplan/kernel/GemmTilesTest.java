package org.llmplan.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.llmplan.hardware.Efficiency.GemmTile;

/** The reciprocal products of {@link GemmTiles} count exactly what divisions count. */
class GemmTilesTest {
  private static final double RATE = 1e15;

  /** Whole waves as the formula states them, with divisions. */
  private static double dividedWaves(double rows, double cols, double inner, List<GemmTile> shapes, int sms) {
    double best = Double.MAX_VALUE;
    for (GemmTile t : shapes) {
      double height = Math.min(rows, t.rows());
      double tiles = Math.ceil(rows / height) * Math.ceil(cols / t.cols());
      double waves = tiles < sms ? 0 : Math.ceil(tiles / sms) * height * (sms * 2.0 * t.cols() * inner / RATE);
      best = Math.min(best, waves);
    }
    return best;
  }

  @Property(tries = 3000)
  void wholeCountsOfTilesAndWavesEqualTheDividedOnes(@ForAll @IntRange(min = 1, max = 2_000_000) int rows,
      @ForAll @IntRange(min = 1, max = 300_000) int cols, @ForAll @IntRange(min = 0, max = 3) int machine) {
    int sms = new int[] {4, 108, 132, 148}[machine];
    List<GemmTile> shapes = List.of(new GemmTile(128, 256), new GemmTile(64, 256), new GemmTile(96, 192));
    GemmTiles tiles = new GemmTiles(shapes, sms);
    double expected = dividedWaves(rows, cols, 4096, shapes, sms);
    assertThat(tiles.waves(rows, tiles.shapesOf(cols, 4096, RATE))).isEqualTo(expected);
    assertThat(tiles.waves(1, rows, cols, 4096, sms * 2.0 / RATE)).isCloseTo(expected,
        withinPercentage(1e-9));
  }

  @Property(tries = 500)
  void exactMultiplesOfTheSmCountAreNotRoundedUpToAnotherWave(@ForAll @IntRange(min = 1, max = 100_000) int waves) {
    // 132 SMs, one column tile: rows = waves x 132 x 128 is exactly `waves` waves of 128-row tiles.
    GemmTiles tiles = new GemmTiles(List.of(new GemmTile(128, 256)), 132);
    double rows = waves * 132.0 * 128;
    double oneWave = 132 * 2.0 * 256 * 4096 / RATE * 128;
    assertThat(tiles.waves(rows, tiles.shapesOf(256, 4096, RATE)) / oneWave).isCloseTo(waves,
        within(1e-9));
  }
}
