package org.llmplan.train;

import org.llmplan.kernel.KernelTimes;

/**
 * The kernels of a training step on the job's accelerator: their times from the shared kernel model
 * ({@link KernelTimes}, the one serving uses too), plus the fixed launch cost of each, since a training step
 * runs every op of a layer as its own kernel. GEMMs run at the job's precision (FP8 GEMMs at the FP8 rate);
 * attention and streams at 16 bits.
 */
final class StepKernels {
  private final KernelTimes k;
  private final double launch;

  StepKernels(TrainingJob job) {
    this.k = KernelTimes.of(job.gpu(), job.precision(), job.framework().attentionKernel());
    this.launch = k.kernelSeconds();
  }

  /** C[rows x cols] = A[rows x inner] B[inner x cols] with {@code e}-byte elements. */
  double gemm(double rows, double cols, double inner, double e) {
    return k.gemm(rows, cols, inner, e) + launch;
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
