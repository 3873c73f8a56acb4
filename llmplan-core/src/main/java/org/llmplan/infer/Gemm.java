package org.llmplan.infer;

/**
 * One weight matrix multiplied on one GPU, C[rows x cols] = A[rows x inner] W[inner x cols], with everything that
 * does not depend on the number of rows worked out once: a serving iteration evaluates it for its token count.
 *
 * <p>Time is {@code (c^4 + m^4)^(1/4)} of the compute time c and the memory time m (weights, inputs, 16-bit
 * outputs): near the ridge point neither hides the other. Over the nine H100 GEMMs of shared/reference
 * h100-microbenchmarks.md (GemmTest) the fourth power is off by 8 % on average and 15 % at most, the cube by 8 and
 * 19 %, the square by 12 and 33 %, the larger of the two by 8 and 17 %; and it costs two square roots, a fifth of
 * a cube root, which matters at a dozen GEMMs per simulated iteration. From one full wave of
 * output tiles up, the SMs compute whole tiles of 64 or 128 rows (whichever wastes less; fewer rows than that,
 * GEMV-like) by 256 columns, padding included, in whole waves of one tile per SM; below one wave split-K fills the
 * machine. So time never falls as rows are added.
 */
final class Gemm {
  private static final double TILE_COLS = 256;
  private static final double TILE_ROWS = 128;
  /** Activations and outputs between kernels are 16-bit. */
  private static final double OUTPUT_BYTES = 2;

  private final double computePerRow;
  private final double weightSeconds;
  private final double memoryPerRow;
  private final double colTiles;
  private final double waveSecondsPerTileRow;
  private final int sms;

  /**
   * @param weightBytes bytes per weight, scales included
   * @param inputBytes bytes per input element (1 when W8A8 quantizes the activations)
   * @param sms streaming multiprocessors; 0 = not known (no wave quantization)
   */
  Gemm(double cols, double inner, double weightBytes, double inputBytes, double flopsPerSecond, double bytesPerSecond,
      int sms) {
    this.computePerRow = 2 * cols * inner / flopsPerSecond;
    this.weightSeconds = cols * inner * weightBytes / bytesPerSecond;
    this.memoryPerRow = (inner * inputBytes + cols * OUTPUT_BYTES) / bytesPerSecond;
    this.colTiles = Math.ceil(cols / TILE_COLS);
    this.waveSecondsPerTileRow = sms * 2 * TILE_COLS * inner / flopsPerSecond;
    this.sms = sms;
  }

  double seconds(double rows) {
    if (rows <= 0) {
      return 0;
    }
    double compute = rows * computePerRow;
    if (sms > 0) {
      compute = Math.max(compute, Math.min(waves(rows, TILE_ROWS / 2), waves(rows, TILE_ROWS)));
    }
    return overlap(compute, weightSeconds + rows * memoryPerRow);
  }

  /** Seconds of whole waves of tiles {@code tileRows} high (or as high as the rows); 0 below one full wave. */
  private double waves(double rows, double tileRows) {
    double height = Math.min(rows, tileRows);
    double tiles = Math.ceil(rows / height) * colTiles;
    return tiles < sms ? 0 : Math.ceil(tiles / sms) * height * waveSecondsPerTileRow;
  }

  /** Time of a kernel that needs {@code compute} seconds of math and {@code memory} seconds of HBM traffic. */
  static double overlap(double compute, double memory) {
    double c2 = compute * compute;
    double m2 = memory * memory;
    return Math.sqrt(Math.sqrt(c2 * c2 + m2 * m2));
  }
}
