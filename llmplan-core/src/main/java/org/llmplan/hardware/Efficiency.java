package org.llmplan.hardware;

import java.util.Map;

/**
 * What fraction of its datasheet an accelerator really reaches, per kind of kernel: measured ceilings, not
 * fitted factors. Each catalog entry names the measurement it comes from.
 *
 * @param gemm fraction of the dense 16-bit peak that large GEMMs reach (H100 8192^3: 792-802 of 989)
 * @param gemmFp8 fraction of the dense FP8 peak that large FP8 GEMMs reach
 * @param kernelMicros fixed time per kernel on top of its roofline time (launch, tail wave), microseconds
 * @param memory fraction of HBM bandwidth that streaming kernels reach (device-to-device copy)
 * @param attention flash-attention kernels by name (fa2, fa3): fraction of the 16-bit peak forward and backward
 * @param scaleUpBus NCCL ring bus bandwidth over the scale-up link's per-direction bandwidth
 * @param sms streaming multiprocessors (compute units): GEMM tiles run in waves of this many; 0 = not known
 * @param ncclSmShare share of the GPU's SMs that NCCL kernels occupy while a collective runs (its default
 *     32 channels, one SM each): compute that overlaps a collective slows down by this share
 * @param sustainedClock share of the boost clock (which the datasheet peak assumes) that the GPU holds
 *     through a continuous training load at its power limit; scales compute, not memory bandwidth
 */
public record Efficiency(
    double gemm,
    double gemmFp8,
    double kernelMicros,
    double memory,
    Map<String, AttentionEfficiency> attention,
    double scaleUpBus,
    int sms,
    double ncclSmShare,
    double sustainedClock,
    String source) {

  /** Forward and backward efficiency of one flash-attention kernel. */
  public record AttentionEfficiency(double forward, double backward) {}

  /** Used for accelerators without measurements: the H100 SXM figures of shared/reference h100-microbenchmarks. */
  public static final Efficiency H100_MEASURED = new Efficiency(0.80, 0.73, 4, 0.90,
      Map.of("fa2", new AttentionEfficiency(0.35, 0.29)), 0.82, 0, 32.0 / 132, 0.80,
      "not measured on this accelerator: H100 SXM ceilings used");

  public Efficiency {
    attention = attention == null ? Map.of() : Map.copyOf(attention);
    if (sustainedClock == 0) {
      sustainedClock = 1;
    }
  }

  /** The named flash kernel, else FlashAttention-2, which runs on every listed GPU. */
  public AttentionEfficiency attention(String kernel) {
    AttentionEfficiency a = attention.get(kernel);
    if (a == null) {
      a = attention.get("fa2");
    }
    return a != null ? a : H100_MEASURED.attention.get("fa2");
  }
}
