package org.llmplan.kernel;

import java.util.List;
import org.llmplan.hardware.Efficiency.GemmTile;

/**
 * The output-tile shapes an accelerator's GEMM library picks among ({@code gemmTiles} in its catalog entry)
 * and its SM count, as primitives: what wave quantization needs.
 */
final class GemmTiles {
  private final double[] rows;
  private final double[] cols;
  private final int sms;

  GemmTiles(List<GemmTile> tiles, int sms) {
    this.rows = new double[tiles.size()];
    this.cols = new double[tiles.size()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = tiles.get(i).rows();
      cols[i] = tiles.get(i).cols();
    }
    this.sms = sms;
  }

  int shapes() {
    return rows.length;
  }

  double rows(int i) {
    return rows[i];
  }

  double cols(int i) {
    return cols[i];
  }

  int sms() {
    return sms;
  }

  /**
   * The shortest whole waves over the tile shapes of C[rows x cols] = A[rows x inner] B at {@code flopsPerSecond};
   * 0 when the SM count is not known.
   */
  double waves(double rows, double cols, double inner, double flopsPerSecond) {
    if (sms <= 0) {
      return 0;
    }
    double best = Double.MAX_VALUE;
    for (int i = 0; i < this.rows.length; i++) {
      best = Math.min(best, Gemm.waves(rows, this.rows[i], Math.ceil(cols / this.cols[i]),
          sms * 2 * this.cols[i] * inner / flopsPerSecond, sms));
    }
    return best;
  }

  /**
   * The shortest whole waves over the tile shapes of {@code groups} products of {@code rows} rows each, every
   * group padded to whole tiles of its own; 0 when the SM count is not known or the tiles fill less than a wave.
   */
  double groupedWaves(double groups, double rows, double cols, double inner, double flopsPerSecond) {
    if (sms <= 0) {
      return 0;
    }
    double best = Double.MAX_VALUE;
    for (int i = 0; i < this.rows.length; i++) {
      double height = Math.min(rows, this.rows[i]);
      double tiles = groups * Math.ceil(rows / height) * Math.ceil(cols / this.cols[i]);
      double wave = sms * 2 * this.cols[i] * inner * height / flopsPerSecond;
      best = Math.min(best, tiles < sms ? 0 : Math.ceil(tiles / sms) * wave);
    }
    return best;
  }
}
