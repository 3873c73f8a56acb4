package org.llmplan.train;

import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Precision;
import org.llmplan.kernel.KernelTimes;

/**
 * The kernels of a training step on the job's accelerator: their times from the shared kernel model
 * ({@link KernelTimes}, the one serving uses too), plus the fixed launch cost of each, since a training step
 * runs every op of a layer as its own kernel. GEMMs run at the job's precision (FP8 GEMMs at the FP8 rate);
 * attention and streams at 16 bits.
 */
final class StepKernels {
  private final Accelerator gpu;
  private final Precision precision;
  private final String attentionKernel;
  private final KernelTimes k;
  private final double launch;

  /** The same kernels at 16 bits, for the layers a low-precision recipe keeps in BF16; made when first asked. */
  private StepKernels sixteenBit;

  StepKernels(TrainingJob job) {
    this(job.gpu(), job.precision(), job.framework().attentionKernel());
  }

  private StepKernels(Accelerator gpu, Precision precision, String attentionKernel) {
    this.gpu = gpu;
    this.precision = precision;
    this.attentionKernel = attentionKernel;
    this.k = KernelTimes.of(gpu, precision, attentionKernel);
    this.launch = k.kernelSeconds();
  }

  /** These kernels with GEMMs at BF16. */
  StepKernels sixteenBit() {
    if (sixteenBit == null) {
      sixteenBit = precision.bytes() >= 2 ? this : new StepKernels(gpu, Precision.BF16, attentionKernel);
    }
    return sixteenBit;
  }

  /** Whether these are the kernels of the job's accelerator, precision and attention kernel. */
  boolean isFor(TrainingJob job) {
    return job.gpu() == gpu && job.precision() == precision
        && attentionKernel.equals(job.framework().attentionKernel());
  }

  /** C[rows x cols] = A[rows x inner] B[inner x cols] with {@code e}-byte elements. */
  double gemm(double rows, double cols, double inner, double e) {
    return k.gemm(rows, cols, inner, e) + launch;
  }

  /** A 16-bit GEMM at the 16-bit rate whatever the job's precision: router and LM head stay in BF16. */
  double gemm16(double rows, double cols, double inner) {
    return k.gemm16(rows, cols, inner) + launch;
  }

  /** The local experts' grouped GEMM: {@code groups} products of {@code rows} rows in one kernel. */
  double groupedGemm(double groups, double rows, double cols, double inner, double e) {
    return k.groupedGemm(groups, rows, cols, inner, e) + launch;
  }

  /** Flash attention forward of {@code flops} (QK^T and AV, masked half already removed). */
  double flashForward(double flops) {
    return k.flashForward(flops) + launch;
  }

  /** Flash attention backward of the forward's {@code forwardFlops}. */
  double flashBackward(double forwardFlops) {
    return k.flashBackward(forwardFlops) + launch;
  }

  /** Memory-bound kernels moving {@code bytes} in total. */
  double stream(double bytes, int kernels) {
    return k.stream(bytes) + kernels * launch;
  }
}
