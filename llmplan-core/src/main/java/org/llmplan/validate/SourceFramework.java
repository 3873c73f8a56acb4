package org.llmplan.validate;

import java.util.Locale;
import java.util.Optional;

/**
 * The training stacks the published rows come from: which llmplan framework profile models each, how it
 * counts FLOPs, what a setting the source leaves unstated means there, and the validation family its rows
 * are reported under.
 */
enum SourceFramework {
  /**
   * Megatron-LM 2021 (Narayanan et al.): torch/local DDP, no distributed optimizer yet, and attention as
   * batched matmuls around a fused masked softmax that stores the scores (FlashAttention came in 2022).
   */
  MEGATRON_LM_2021("Megatron 2021", "megatron-2021", FlopConvention.NARAYANAN_2021, "none", "none", false),
  /**
   * Megatron-LM 2022 (Korthikanti et al., arXiv 2205.05198): sequence parallelism and selective recompute,
   * no distributed optimizer, attention still over stored scores (the 2021 profile); its MFU/HFU formula is
   * not modelled, so its rows need a token rate or step time.
   */
  MEGATRON_LM_2022("Megatron 2022", "megatron-2021", null, "none", "selective", true),
  /** Megatron-Core benchmarks: distributed optimizer, selective recompute and sequence parallelism by default. */
  MEGATRON_CORE("Megatron-Core", "megatron", FlopConvention.MEGATRON_2024, "dist-opt", "selective", true),
  /**
   * Megatron-Bridge performance recipes (NeMo container 25.x) on Megatron-Core: the same defaults; its model
   * TFLOP/s formula is not modelled (rows give tokens/s).
   */
  MEGATRON_BRIDGE("Megatron-Bridge", "megatron", null, "dist-opt", "selective", true),
  /** NeMo on Megatron-Core: the same defaults; its own TFLOP/s formula is not modelled (rows give tokens/s). */
  NEMO("NeMo", "megatron", null, "dist-opt", "selective", true),
  /** Megatron-DeepSpeed (BLOOM, Megatron-Turing recipes): Megatron layers under DeepSpeed ZeRO stage 1. */
  MEGATRON_DEEPSPEED("Megatron-DeepSpeed", "deepspeed", null, "zero1", "none", false),
  /** MosaicML llm-foundry on PyTorch FSDP: FULL_SHARD unless the row says otherwise. */
  LLM_FOUNDRY("llm-foundry", "llm-foundry", FlopConvention.LLM_FOUNDRY, "fsdp-full", "none", false),
  /** PyTorch torchtitan: FSDP2 fully sharded unless the row says otherwise. */
  TORCHTITAN("torchtitan", "torchtitan", null, "fsdp-full", "none", false),
  /** Hugging Face transformers Trainer (any version): eager PyTorch under torch DDP. */
  HF_TRANSFORMERS("HF transformers", "hf", null, "none", "none", false);

  /** The validation family the rows are reported under (docs/validation.md). */
  final String family;
  final String profile;
  /** Null where the source's FLOP count is not modelled. */
  final FlopConvention convention;
  final String defaultSharding;
  final String defaultRecompute;
  /** Whether sequence parallelism is on wherever TP is above 1 (Megatron-Core and NeMo recipes). */
  final boolean sequenceParallel;

  SourceFramework(String family, String profile, FlopConvention convention, String defaultSharding,
      String defaultRecompute, boolean sequenceParallel) {
    this.family = family;
    this.profile = profile;
    this.convention = convention;
    this.defaultSharding = defaultSharding;
    this.defaultRecompute = defaultRecompute;
    this.sequenceParallel = sequenceParallel;
  }

  /**
   * Reads the CSV's framework text ("Megatron-LM (2021)", "NeMo 24.07 (Megatron-Core)", "Megatron-Bridge /
   * Megatron-Core (NeMo container 25.11)", "...llm-foundry...", "transformers 4.44"); the most specific name
   * first, since a Megatron-Bridge row also names NeMo and Megatron-Core.
   */
  static Optional<SourceFramework> of(String text) {
    String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
    if (t.contains("llm-foundry") || t.contains("composer")) {
      return Optional.of(LLM_FOUNDRY);
    }
    if (t.contains("megatron-bridge")) {
      return Optional.of(MEGATRON_BRIDGE);
    }
    if (t.contains("megatron-deepspeed") || t.contains("deepspeed")) {
      return Optional.of(MEGATRON_DEEPSPEED);
    }
    if (t.contains("torchtitan")) {
      return Optional.of(TORCHTITAN);
    }
    if (t.contains("transformers") || t.contains("hugging face") || t.contains("huggingface")) {
      return Optional.of(HF_TRANSFORMERS);
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
    if (t.contains("megatron-lm") && t.contains("2022")) {
      return Optional.of(MEGATRON_LM_2022);
    }
    return Optional.empty();
  }
}
