package org.llmplan.validate;

import java.util.Locale;
import java.util.Optional;

/**
 * The training stacks the published rows come from: which llmplan framework profile models each, how it
 * counts FLOPs, and what a setting the source leaves unstated means there.
 */
enum SourceFramework {
  /**
   * Megatron-LM 2021 (Narayanan et al.): torch/local DDP, no distributed optimizer yet, and attention as
   * batched matmuls around a fused masked softmax that stores the scores (FlashAttention came in 2022).
   */
  MEGATRON_LM_2021("megatron-2021", FlopConvention.NARAYANAN_2021, "none", "none", false, null),
  /** Megatron-Core benchmarks: distributed optimizer, selective recompute and sequence parallelism by default. */
  MEGATRON_CORE("megatron", FlopConvention.MEGATRON_2024, "dist-opt", "selective", true, null),
  /** NeMo on Megatron-Core: the same defaults; its own TFLOP/s formula is not modelled (rows give tokens/s). */
  NEMO("megatron", null, "dist-opt", "selective", true, null),
  /** MosaicML llm-foundry on PyTorch FSDP: FULL_SHARD unless the row says otherwise. */
  LLM_FOUNDRY("llm-foundry", FlopConvention.LLM_FOUNDRY, "fsdp-full", "none", false, null);

  final String profile;
  /** Null where the source's FLOP count is not modelled. */
  final FlopConvention convention;
  final String defaultSharding;
  final String defaultRecompute;
  /** Whether sequence parallelism is on wherever TP is above 1 (Megatron-Core and NeMo recipes). */
  final boolean sequenceParallel;
  /** The attention implementation where the profile's default (flash) is not what ran; null otherwise. */
  final String attention;

  SourceFramework(String profile, FlopConvention convention, String defaultSharding, String defaultRecompute,
      boolean sequenceParallel, String attention) {
    this.profile = profile;
    this.convention = convention;
    this.defaultSharding = defaultSharding;
    this.defaultRecompute = defaultRecompute;
    this.sequenceParallel = sequenceParallel;
    this.attention = attention;
  }

  /** Reads the CSV's framework text ("Megatron-LM (2021)", "NeMo 24.07 (Megatron-Core)", "...llm-foundry..."). */
  static Optional<SourceFramework> of(String text) {
    String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
    if (t.contains("llm-foundry") || t.contains("composer")) {
      return Optional.of(LLM_FOUNDRY);
    }
    if (t.contains("nemo")) {
      return Optional.of(NEMO);
    }
    if (t.contains("megatron-core")) {
      return Optional.of(MEGATRON_CORE);
    }
    if (t.contains("megatron-lm") && t.contains("2021")) {
      return Optional.of(MEGATRON_LM_2021);
    }
    return Optional.empty();
  }
}
