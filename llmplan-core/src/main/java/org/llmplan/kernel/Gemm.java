package org.llmplan.kernel;

/**
 * One weight matrix multiplied on one GPU, C[rows x cols] = A[rows x inner] W[inner x cols], with everything
 * that does not depend on the number of rows worked out once: a serving iteration evaluates it for its token
 * count. {@link KernelTimes#gemm(double, double, double, double)} evaluates the same formula in one go.
 *
 * <p>Time is {@code (c^4 + m^4)^(1/4)} of the compute time c and the memory time m (weights, inputs,
 * outputs): near the ridge point neither hides the other. Over the nine H100 GEMMs of shared/reference
 * h100-microbenchmarks.md (GemmTest) the fourth power is off by 8 % on average and 15 % at most, the cube by 8
 * and 19 %, the square by 12 and 33 %, the larger of the two by 8 and 17 %; and it costs two square roots, a
 * fifth of a cube root, which matters at a dozen GEMMs per simulated iteration. From one full wave of output
 * tiles up, the SMs compute whole tiles (fewer rows than a tile is high: as high as the rows, GEMV-like),
 * padding included, in whole waves of one tile per SM, of whichever of the accelerator's tile shapes
 * ({@code gemmTiles}) wastes less; below one wave split-K fills the machine. So time never falls as rows are
 * added. The fixed cost of launching the kernel is not included: the caller counts its kernels
 * ({@link KernelTimes#kernelSeconds()}).
 */
public final class Gemm {
  private final double computePerRow;
  private final double weightSeconds;
  private final double memoryPerRow;
  private final GemmTiles tiles;
  private final double[] shapes;

  /**
   * @param weightBytes bytes per weight, scales included
   * @param inputBytes bytes per input element (1 when W8A8 quantizes the activations)
   * @param outputBytes bytes per output element
   */
  Gemm(double cols, double inner, double weightBytes, double inputBytes, double outputBytes, double flopsPerSecond,
      double bytesPerSecond, GemmTiles tiles) {
    this.computePerRow = 2 * cols * inner / flopsPerSecond;
    this.weightSeconds = cols * inner * weightBytes / bytesPerSecond;
    this.memoryPerRow = (inner * inputBytes + cols * outputBytes) / bytesPerSecond;
    this.tiles = tiles;
    this.shapes = tiles.shapesOf(cols, inner, flopsPerSecond);
  }

  /** Seconds of the product over {@code rows} rows; 0 for none. */
  public double seconds(double rows) {
    if (rows <= 0) {
      return 0;
    }
    return time(rows * computePerRow, tiles.waves(rows, shapes), weightSeconds + rows * memoryPerRow);
  }

  /**
   * The formula: the useful FLOPs' time or the whole waves' (whichever is longer: padding and idle SMs only
   * add), combined with the HBM time.
   */
  static double time(double compute, double quantized, double memory) {
    return overlap(Math.max(compute, quantized), memory);
  }

  /** Time of a kernel that needs {@code compute} seconds of math and {@code memory} seconds of HBM traffic. */
  public static double overlap(double compute, double memory) {
    double c2 = compute * compute;
    double m2 = memory * memory;
    return Math.sqrt(Math.sqrt(c2 * c2 + m2 * m2));
  }
}
