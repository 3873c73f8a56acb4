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

  StepKernels(TrainingJob job) {
    this.gpu = job.gpu();
    this.precision = job.precision();
    this.attentionKernel = job.framework().attentionKernel();
    this.k = KernelTimes.of(gpu, precision, attentionKernel);
    this.launch = k.kernelSeconds();
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
