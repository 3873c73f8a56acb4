package org.llmplan.kernel;

import java.util.List;
import org.llmplan.hardware.Efficiency.GemmTile;

/**
 * The output-tile shapes an accelerator's GEMM library picks among ({@code gemmTiles} in its catalog entry)
 * and its SM count, as primitives with their reciprocals: wave quantization asks for three whole counts per
 * shape (tile rows, tile columns, waves), and a serving simulation asks them about a hundred times per
 * iteration, so they are products, not divisions.
 */
final class GemmTiles {
  /**
   * Shrinks a reciprocal so that {@code ceil(x * inverse)} is {@code ceil(x / d)} for a whole x below 10^12:
   * an exact multiple lands a hair below its integer instead of a rounding error above it, and the nearest
   * non-multiple stays 1/d above it.
   */
  private static final double SHRINK = 1 - 1e-12;

  private final double[] rows;
  private final double[] rowsInverse;
  private final double[] colsInverse;
  private final double[] cols;
  private final double sms;
  private final double smsInverse;

  GemmTiles(List<GemmTile> tiles, int sms) {
    int n = sms > 0 ? tiles.size() : 0; // without an SM count there are no waves to quantize
    this.rows = new double[n];
    this.rowsInverse = new double[n];
    this.cols = new double[n];
    this.colsInverse = new double[n];
    for (int i = 0; i < n; i++) {
      rows[i] = tiles.get(i).rows();
      rowsInverse[i] = inverse(rows[i]);
      cols[i] = tiles.get(i).cols();
      colsInverse[i] = inverse(cols[i]);
    }
    this.sms = sms;
    this.smsInverse = sms > 0 ? inverse(sms) : 0;
  }

  private static double inverse(double d) {
    return SHRINK / d;
  }

  /**
   * Per shape, what a product {@code cols} wide over {@code inner} at {@code flopsPerSecond} keeps whatever
   * its rows: tile rows, their inverse, column tiles and the seconds of one wave per row of tile height,
   * four numbers a shape, one after the other.
   */
  double[] shapesOf(double cols, double inner, double flopsPerSecond) {
    double[] shapes = new double[4 * rows.length];
    for (int i = 0; i < rows.length; i++) {
      shapes[4 * i] = rows[i];
      shapes[4 * i + 1] = rowsInverse[i];
      shapes[4 * i + 2] = Math.ceil(cols * colsInverse[i]);
      shapes[4 * i + 3] = sms * 2 * this.cols[i] * inner / flopsPerSecond;
    }
    return shapes;
  }

  /** The shortest whole waves over the shapes (from {@link #shapesOf}) of {@code rows} rows; 0 without any. */
  double waves(double rows, double[] shapes) {
    double best = shapes.length > 0 ? Double.MAX_VALUE : 0;
    for (int i = 0; i < shapes.length; i += 4) {
      best = Math.min(best, shapeWaves(rows, shapes[i], shapes[i + 1], shapes[i + 2], shapes[i + 3]));
    }
    return best;
  }

  /**
   * The shortest whole waves of {@code groups} products C[rows x cols] = A[rows x inner] B side by side (a
   * grouped GEMM: every group padded to whole tiles of its own; 1 for a plain product) at
   * {@code secondsPerWaveRowInner}, the seconds of one wave per row of tile height and per unit of inner
   * dimension and tile column (SMs x 2 / rate): the one-shot form for products evaluated once.
   */
  double waves(double groups, double rows, double cols, double inner, double secondsPerWaveRowInner) {
    double best = this.rows.length > 0 ? Double.MAX_VALUE : 0;
    for (int i = 0; i < this.rows.length; i++) {
      best = Math.min(best, shapeWaves(rows, this.rows[i], rowsInverse[i], groups * Math.ceil(cols * colsInverse[i]),
          secondsPerWaveRowInner * this.cols[i] * inner));
    }
    return best;
  }

  /**
   * Seconds of whole waves of tiles {@code tileRows} high (or as high as the rows) on the SMs, each wave
   * taking {@code waveSeconds} per row of tile height; 0 below one full wave, where split-K fills the SMs.
   */
  private double shapeWaves(double rows, double tileRows, double tileRowsInverse, double colTiles, double waveSeconds) {
    double height = tileRows;
    double tiles = colTiles;
    if (rows <= tileRows) {
      height = rows;
    } else {
      tiles *= Math.ceil(rows * tileRowsInverse);
    }
    return tiles < sms ? 0 : Math.ceil(tiles * smsInverse) * height * waveSeconds;
  }
}
