package org.llmplan.hardware;

import java.util.List;
import java.util.Map;
import org.llmplan.error.InvalidValueException;

/**
 * What fraction of its datasheet an accelerator really reaches, per kind of kernel: measured ceilings, not
 * fitted factors. Each catalog entry names the measurement it comes from. The kernel-time model
 * ({@code org.llmplan.kernel.KernelTimes}) reads them for training and serving alike.
 *
 * @param gemm fraction of the dense 16-bit peak that large GEMMs reach (H100 8192^3: 792-802 of 989)
 * @param gemmFp8 fraction of the dense FP8 peak that large FP8 GEMMs reach; 0 = not measured (8-bit GEMMs then
 *     reach {@code gemm} of the 8-bit peak)
 * @param kernelMicros fixed time per kernel on top of its roofline time (launch, tail wave), microseconds
 * @param memory fraction of HBM bandwidth that streaming kernels reach (device-to-device copy)
 * @param attention flash-attention kernels by name (fa2, fa3): fraction of the 16-bit peak forward and backward;
 *     fa2, which runs on every listed GPU, is required
 * @param scaleUpBus NCCL ring bus bandwidth over the scale-up link's per-direction bandwidth
 * @param ncclSmShare share of the GPU's SMs that NCCL kernels occupy while a collective runs (its default
 *     32 channels, one SM each): compute that overlaps a collective slows down by this share
 * @param sustainedClock share of the boost clock (which the datasheet peak assumes) that the GPU holds
 *     through a continuous training load at its power limit; scales compute, not memory bandwidth
 * @param gemmTiles the output-tile shapes its GEMM library picks among (the one that wastes least on a shape
 *     wins); absent: {@link #LARGE_GEMM_TILE} alone
 */
public record Efficiency(
    double gemm,
    double gemmFp8,
    double kernelMicros,
    double memory,
    Map<String, AttentionEfficiency> attention,
    double scaleUpBus,
    double ncclSmShare,
    double sustainedClock,
    List<GemmTile> gemmTiles,
    String source) {

  /** The flash kernel every accelerator entry measures, and the one used where a named kernel is missing. */
  public static final String FLASH_ATTENTION_2 = "fa2";

  /**
   * Output tile of the large-GEMM kernels cuBLAS and CUTLASS pick for 16-bit inputs on Ampere and Hopper: a
   * property of the kernels, which is what an entry that lists no tiles of its own gets.
   */
  public static final GemmTile LARGE_GEMM_TILE = new GemmTile(128, 256);

  /** Forward and backward efficiency of one flash-attention kernel. */
  public record AttentionEfficiency(double forward, double backward) {}

  /** One GEMM output tile: rows of A by columns of B that one SM computes at a time. */
  public record GemmTile(int rows, int cols) {
    public GemmTile {
      if (rows <= 0 || cols <= 0) {
        throw new InvalidValueException("efficiency.gemmTiles: rows and cols must be positive");
      }
    }
  }

  public Efficiency {
    attention = attention == null ? Map.of() : Map.copyOf(attention);
    if (!attention.containsKey(FLASH_ATTENTION_2)) {
      throw new InvalidValueException("efficiency: attention must list " + FLASH_ATTENTION_2
          + " {forward, backward}, the flash kernel every GPU runs");
    }
    gemmTiles = gemmTiles == null || gemmTiles.isEmpty() ? List.of(LARGE_GEMM_TILE) : List.copyOf(gemmTiles);
    if (sustainedClock == 0) {
      sustainedClock = 1;
    }
  }

  /** The named flash kernel, else FlashAttention-2. */
  public AttentionEfficiency attention(String kernel) {
    AttentionEfficiency a = attention.get(kernel);
    return a != null ? a : attention.get(FLASH_ATTENTION_2);
  }
}
