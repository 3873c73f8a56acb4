package org.llmplan.train;

import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Efficiency;
import org.llmplan.hardware.Precision;

/**
 * Time of one kernel on one GPU: the larger of its FLOPs at the measured compute ceiling and its bytes at
 * the measured memory ceiling, plus the fixed per-kernel cost ({@link Efficiency}). GEMMs run at the
 * precision of the job (FP8 GEMMs at the FP8 rate); everything else at 16 bits.
 */
final class Roofline {
  private final double gemmFlopsPerSecond;
  private final double flops16PerSecond;
  private final double bytesPerSecond;
  private final double kernelSeconds;
  private final Efficiency.AttentionEfficiency attention;
  private final int sms;

  /** Output tile of the large-GEMM kernels cuBLAS and CUTLASS pick for 16-bit inputs on Ampere and Hopper. */
  private static final double TILE_ROWS = 128;
  private static final double TILE_COLS = 256;

  Roofline(TrainingJob job) {
    Accelerator gpu = job.gpu();
    Efficiency eff = gpu.efficiencyOrDefault();
    Precision p = job.precision();
    double peak16 = gpu.peakFlops(p == Precision.FP32 || p == Precision.TF32 ? Precision.TF32 : Precision.BF16);
    if (peak16 <= 0) {
      peak16 = gpu.peakFlops(Precision.BF16);
    }
    // Sustained clocks under a continuous load at the power limit scale every compute-bound kernel.
    this.flops16PerSecond = peak16 * eff.sustainedClock();
    this.gemmFlopsPerSecond = eff.sustainedClock() * (p == Precision.FP8 && eff.gemmFp8() > 0
        ? gpu.peakFlops(Precision.FP8) * eff.gemmFp8()
        : peak16 * eff.gemm());
    this.bytesPerSecond = gpu.hbmBytesPerSecond() * eff.memory();
    this.kernelSeconds = eff.kernelMicros() * 1e-6;
    this.attention = eff.attention(job.framework().attentionKernel());
    this.sms = eff.sms();
  }

  /**
   * C[rows x cols] = A[rows x inner] B[inner x cols] with {@code e}-byte elements. Output tiles run in waves
   * of one tile per SM; a last wave that is not full wastes the idle SMs (wave quantization), which the
   * measured ceiling, taken on a shape with many full waves, does not show.
   */
  double gemm(double rows, double cols, double inner, double e) {
    double flops = 2 * rows * cols * inner;
    double bytes = (rows * inner + inner * cols + rows * cols) * e;
    double waves = 1;
    if (sms > 0) {
      double tiles = Math.ceil(rows / TILE_ROWS) * Math.ceil(cols / TILE_COLS);
      waves = Math.ceil(tiles / sms) * sms / tiles;
    }
    return Math.max(flops * waves / gemmFlopsPerSecond, bytes / bytesPerSecond) + kernelSeconds;
  }

  /** Flash attention forward of {@code flops} (QK^T and AV, masked half already removed). */
  double flashForward(double flops) {
    return flops / (flops16PerSecond * attention.forward()) + kernelSeconds;
  }

  /** Flash attention backward: 2.5 x the forward FLOPs (five products instead of two). */
  double flashBackward(double forwardFlops) {
    return 2.5 * forwardFlops / (flops16PerSecond * attention.backward()) + kernelSeconds;
  }

  /** Memory-bound kernels moving {@code bytes} in total. */
  double stream(double bytes, int kernels) {
    return bytes / bytesPerSecond + kernels * kernelSeconds;
  }
}
