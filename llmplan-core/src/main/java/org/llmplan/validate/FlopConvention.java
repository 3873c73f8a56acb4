package org.llmplan.validate;

import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Precision;

/**
 * How a source counts the FLOPs behind its TFLOP/s, MFU and HFU columns. validation/README.md: "A fair
 * comparison predicts the quantity in the source's own convention"; so a prediction of such a column takes
 * the planner's step time and divides the source's own FLOP count by it. Counts are per optimizer step.
 */
public enum FlopConvention {
  /**
   * Megatron-LM 2021 weak scaling (rows T001-T010): every run used full recompute and the printed teraFLOP/s
   * count the recompute forward, i.e. hardware FLOPs.
   */
  NARAYANAN_2021("narayanan-2021", "Narayanan et al. 2021 (SC21), Appendix eq. 3: 96*B*s*l*h^2*(1 + s/(6h) + "
      + "V/(16*l*h)) with full recompute (the TFLOP/s column), 72*B*s*l*h^2*(1 + s/(6h) + V/(12*l*h)) without"),
  /** Megatron-Core H100 weak/strong scaling (rows T017-T027): TFLOP/s and MFU count model FLOPs. */
  MEGATRON_2024("megatron-2024", "NVIDIA/Megatron-LM README, Performance Benchmarking, with training.py "
      + "num_floating_point_operations as of 2023-11 (2748e7c): 72*B*s*l*h^2*(1 + s/(6h) + V/(12*l*h)), no "
      + "causal halving (added in 8873b55, 2025-03), no recompute; MFU against 989 TFLOP/s"),
  /** MosaicML llm-foundry benchmark table (rows T156-T293): MFU and HFU per sequence from the parameter count. */
  LLM_FOUNDRY("llm-foundry", "mosaicml/llm-foundry scripts/train/benchmarking/collect_results.py: per sequence "
      + "3 x (2*N*s + 4*l*d*s^2) for MFU, 4 x the same for HFU under activation checkpointing (3 x without), "
      + "N = the parameter count the table prints; against 312 (A100) or 989 (H100) TFLOP/s");

  private final String label;
  private final String source;

  FlopConvention(String label, String source) {
    this.label = label;
    this.source = source;
  }

  public String label() {
    return label;
  }

  public String source() {
    return source;
  }

  /** FLOPs of one step without recompute: what MFU divides. */
  public double modelFlopsPerStep(FlopShape s) {
    return switch (this) {
      case NARAYANAN_2021, MEGATRON_2024 -> megatronModel(s);
      case LLM_FOUNDRY -> s.sequences() * 3 * foundryPerPass(s);
    };
  }

  /**
   * FLOPs of one step as the GPUs run them, the recompute forward included: what HFU divides. Only full
   * recompute is counted; no source counts what selective recompute re-runs.
   */
  public double hardwareFlopsPerStep(FlopShape s) {
    return switch (this) {
      case NARAYANAN_2021, MEGATRON_2024 -> s.fullRecompute() ? megatronWithRecompute(s) : megatronModel(s);
      case LLM_FOUNDRY -> s.sequences() * (s.fullRecompute() ? 4 : 3) * foundryPerPass(s);
    };
  }

  /** FLOPs behind the source's TFLOP/s-per-GPU column: hardware FLOPs in 2021 Megatron, model FLOPs since. */
  public double tflopsColumnFlopsPerStep(FlopShape s) {
    return this == NARAYANAN_2021 ? hardwareFlopsPerStep(s) : modelFlopsPerStep(s);
  }

  /**
   * The peak that the sources' MFU and HFU divide by: the dense 16-bit peak of the GPU (312 TFLOP/s for
   * A100, 989 for H100 SXM), also for runs in FP8.
   */
  public double peakFlopsPerGpu(Accelerator gpu) {
    return gpu.peakFlops(Precision.BF16);
  }

  private static double megatronModel(FlopShape s) {
    double h = s.hidden();
    return 72.0 * s.sequences() * s.seq() * s.layers() * h * h
        * (1 + s.seq() / (6 * h) + s.vocab() / (12.0 * s.layers() * h));
  }

  private static double megatronWithRecompute(FlopShape s) {
    double h = s.hidden();
    return 96.0 * s.sequences() * s.seq() * s.layers() * h * h
        * (1 + s.seq() / (6 * h) + s.vocab() / (16.0 * s.layers() * h));
  }

  /** One forward pass of one sequence: 2 FLOPs per parameter per token plus QK^T and AV (4*l*d*s^2). */
  private static double foundryPerPass(FlopShape s) {
    double seq = s.seq();
    return 2 * s.params() * seq + 4.0 * s.layers() * s.hidden() * seq * seq;
  }
}
