package org.llmplan.kernel;

import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Efficiency;
import org.llmplan.hardware.Precision;

/**
 * The kernel ceilings of one accelerator at one compute precision, read from its catalog entry once (per
 * training job or serving deployment), and the times of the kernels a transformer runs on them: GEMMs
 * ({@link Gemm}: tiles, waves, compute and HBM time), flash attention, and memory-bound streams.
 *
 * <p>Rates: GEMMs in an 8- or 4-bit format run at the accelerator's peak in that format times {@code gemmFp8}
 * (or {@code gemm} where no 8-bit GEMM was measured; no catalog entry has an FP4 GEMM measurement, so FP4
 * GEMMs take the 8-bit share of their peak), everything else at the 16-bit peak (TF32 for 32-bit
 * jobs) times {@code gemm}, flash attention at the kernel's measured share of that peak; all compute at the
 * sustained clock. Streams run at {@code memory} of the HBM bandwidth.
 *
 * <p>Times exclude the fixed cost of launching a kernel ({@link #kernelSeconds()}): a training step pays it for
 * each kernel it runs, a serving engine for the kernels its profile says a fused layer launches.
 */
public final class KernelTimes {
  private final double gemmFlopsPerSecond;
  private final double gemm16FlopsPerSecond;
  private final double flashForwardFlopsPerSecond;
  private final double flashBackwardFlopsPerSecond;
  private final double bytesPerSecond;
  private final double kernelSeconds;
  private final GemmTiles tiles;
  /** SMs x 2 FLOPs / the GEMM rate: one wave's seconds per row of tile height, tile column and inner element. */
  private final double gemmWaveSeconds;
  private final double gemm16WaveSeconds;

  private KernelTimes(Accelerator gpu, Precision compute, String attentionKernel) {
    Efficiency eff = gpu.kernelCeilings();
    double clock = eff.sustainedClock();
    boolean wide = compute == Precision.FP32 || compute == Precision.TF32;
    double peak16 = gpu.peakFlops(wide ? Precision.TF32 : Precision.BF16);
    if (peak16 <= 0) {
      peak16 = gpu.peakFlops(Precision.BF16);
    }
    double peakNarrow = compute.bytes() < 2 ? gpu.peakFlops(compute) : 0;
    double narrow = eff.gemmFp8() > 0 ? eff.gemmFp8() : eff.gemm();
    this.gemm16FlopsPerSecond = clock * peak16 * eff.gemm();
    this.gemmFlopsPerSecond = peakNarrow > 0 ? clock * peakNarrow * narrow : gemm16FlopsPerSecond;
    Efficiency.AttentionEfficiency flash = eff.attention(attentionKernel);
    this.flashForwardFlopsPerSecond = clock * peak16 * flash.forward();
    this.flashBackwardFlopsPerSecond = clock * peak16 * flash.backward();
    this.bytesPerSecond = gpu.hbmBytesPerSecond() * eff.memory();
    this.kernelSeconds = eff.kernelMicros() * 1e-6;
    this.tiles = new GemmTiles(eff.gemmTiles(), gpu.sms());
    this.gemmWaveSeconds = gpu.sms() * 2 / gemmFlopsPerSecond;
    this.gemm16WaveSeconds = gpu.sms() * 2 / gemm16FlopsPerSecond;
  }

  /**
   * @param compute the number format GEMMs multiply in (a training job's precision, a serving deployment's
   *     weight math)
   * @param attentionKernel the flash kernel the framework or engine runs (fa2, fa3, ...); FlashAttention-2
   *     where the accelerator has no measurement of it
   */
  public static KernelTimes of(Accelerator gpu, Precision compute, String attentionKernel) {
    return new KernelTimes(gpu, compute, attentionKernel);
  }

  /** A weight matrix at the compute precision's GEMM rate, for many row counts. */
  public Gemm gemm(double cols, double inner, double weightBytes, double inputBytes, double outputBytes) {
    return new Gemm(cols, inner, weightBytes, inputBytes, outputBytes, gemmFlopsPerSecond, bytesPerSecond, tiles);
  }

  /** A 16-bit matrix at the 16-bit GEMM rate, whatever the compute precision (serving's LM head and router). */
  public Gemm gemm16(double cols, double inner) {
    return new Gemm(cols, inner, 2, 2, 2, gemm16FlopsPerSecond, bytesPerSecond, tiles);
  }

  /**
   * One GEMM of {@code e}-byte operands at the compute precision's rate: the formula of
   * {@link Gemm#seconds(double)} without keeping the shape, so a training step allocates nothing.
   */
  public double gemm(double rows, double cols, double inner, double e) {
    if (rows <= 0) {
      return 0;
    }
    return Gemm.time(2 * rows * cols * inner / gemmFlopsPerSecond, tiles.waves(1, rows, cols, inner, gemmWaveSeconds),
        (cols * inner + rows * (inner + cols)) * e / bytesPerSecond);
  }

  /** One GEMM of 16-bit operands at the 16-bit rate, whatever the compute precision (router, LM head). */
  public double gemm16(double rows, double cols, double inner) {
    if (rows <= 0) {
      return 0;
    }
    return Gemm.time(2 * rows * cols * inner / gemm16FlopsPerSecond, tiles.waves(1, rows, cols, inner,
        gemm16WaveSeconds), (cols * inner + rows * (inner + cols)) * 2 / bytesPerSecond);
  }

  /**
   * A grouped GEMM (CUTLASS/cuBLAS grouped kernels, as Megatron-Core's TEGroupedMLP runs a MoE layer's local
   * experts): {@code groups} products of {@code rowsPerGroup} rows, each with its own weight matrix, in one
   * kernel. Each group is padded to whole tiles on its own and all groups' tiles share the waves; every
   * group's weights are read once. So small experts at few tokens each run far below the dense rate: tiles
   * mostly padding, weights read for few rows.
   */
  public double groupedGemm(double groups, double rowsPerGroup, double cols, double inner, double e) {
    if (groups <= 0 || rowsPerGroup <= 0) {
      return 0;
    }
    double compute = 2 * groups * rowsPerGroup * cols * inner / gemmFlopsPerSecond;
    double quantized = tiles.waves(groups, rowsPerGroup, cols, inner, gemmWaveSeconds);
    double memory = groups * (cols * inner + rowsPerGroup * (inner + cols)) * e / bytesPerSecond;
    return Gemm.time(compute, quantized, memory);
  }

  /** Flash attention forward of {@code flops} (QK^T and AV, masked half already removed). */
  public double flashForward(double flops) {
    return flops / flashForwardFlopsPerSecond;
  }

  /** Flash attention backward: 2.5 x the forward FLOPs (five products instead of two). */
  public double flashBackward(double forwardFlops) {
    return 2.5 * forwardFlops / flashBackwardFlopsPerSecond;
  }

  /** Memory-bound kernels moving {@code bytes} in total. */
  public double stream(double bytes) {
    return bytes / bytesPerSecond;
  }

  /** A kernel that needs {@code flops} at the flash-attention forward rate and {@code bytes} of HBM traffic. */
  public double attentionStream(double flops, double bytes) {
    return Gemm.overlap(flops / flashForwardFlopsPerSecond, bytes / bytesPerSecond);
  }

  /** Seconds of {@code flops} at the compute precision's GEMM rate (grouped expert GEMMs sized by the caller). */
  public double gemmCompute(double flops) {
    return flops / gemmFlopsPerSecond;
  }

  /** The fixed cost of one kernel (launch, tail), from the accelerator's {@code kernelMicros}. */
  public double kernelSeconds() {
    return kernelSeconds;
  }
}
