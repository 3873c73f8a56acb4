package org.llmplan.train;

import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Precision;
import org.llmplan.kernel.KernelTimes;

/**
 * The kernels of a training step on the job's accelerator: their times from the shared kernel model
 * ({@link KernelTimes}, the one serving uses too), plus the fixed launch cost of each, since a training step
 * runs every op of a layer as its own kernel. GEMMs run at the job's precision (FP8 GEMMs at the FP8 rate);
 * attention and streams at 16 bits. Eager PyTorch (a framework with eager elementwise ops) issues each op from
 * Python, and no kernel finishes sooner than the host can launch the next: {@link #EAGER_KERNEL_SECONDS}.
 */
final class StepKernels {
  private final Accelerator gpu;
  private final Precision precision;
  private final String attentionKernel;
  private final KernelTimes k;
  private final double launch;
  private final boolean eager;
  private final double floor;

  /**
   * A one-element add back to back in eager PyTorch on H100: 13.6 us each, the launch-bound floor per kernel
   * (shared/reference/h100-microbenchmarks.md, "Memory and launch"); a host-side cost, assumed on every GPU.
   */
  static final double EAGER_KERNEL_SECONDS = 13.6e-6;

  /** The same kernels at 16 bits, for the layers a low-precision recipe keeps in BF16; made when first asked. */
  private StepKernels sixteenBit;

  StepKernels(TrainingJob job) {
    this(job.gpu(), job.precision(), job.framework().attentionKernel(), job.framework().eagerElementwise());
  }

  private StepKernels(Accelerator gpu, Precision precision, String attentionKernel, boolean eager) {
    this.gpu = gpu;
    this.precision = precision;
    this.attentionKernel = attentionKernel;
    this.k = KernelTimes.of(gpu, precision, attentionKernel);
    this.launch = k.kernelSeconds();
    this.eager = eager;
    this.floor = eager ? EAGER_KERNEL_SECONDS : 0;
  }

  /** These kernels with GEMMs at BF16. */
  StepKernels sixteenBit() {
    if (sixteenBit == null) {
      sixteenBit = precision.bytes() >= 2 ? this : new StepKernels(gpu, Precision.BF16, attentionKernel, eager);
    }
    return sixteenBit;
  }

  /** Whether these are the kernels of the job's accelerator, precision and attention kernel. */
  boolean isFor(TrainingJob job) {
    return job.gpu() == gpu && job.precision() == precision
        && attentionKernel.equals(job.framework().attentionKernel()) && eager == job.framework().eagerElementwise();
  }

  /** C[rows x cols] = A[rows x inner] B[inner x cols] with {@code e}-byte elements. */
  double gemm(double rows, double cols, double inner, double e) {
    return Math.max(k.gemm(rows, cols, inner, e) + launch, floor);
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
    return Math.max(k.flashForward(flops) + launch, floor);
  }

  /** Flash attention backward of the forward's {@code forwardFlops}. */
  double flashBackward(double forwardFlops) {
    return Math.max(k.flashBackward(forwardFlops) + launch, floor);
  }

  /** Memory-bound kernels moving {@code bytes} in total, each no faster than the eager launch floor. */
  double stream(double bytes, int kernels) {
    double seconds = k.stream(bytes) + kernels * launch;
    return Math.max(seconds, kernels * floor);
  }
}
