package org.llmplan.cli;

import org.llmplan.request.AdapterChoice;
import picocli.CommandLine.Option;

/**
 * LoRA / QLoRA options of the training commands: any of them turns the job into a fine-tune of adapters over a
 * frozen base (docs/finetune.md); none means full training.
 */
public final class AdapterOptions {
  @Option(names = "--lora-rank", paramLabel = "R", description = "LoRA adapters of rank R over a frozen base "
      + "(default with any LoRA option: " + AdapterChoice.DEFAULT_RANK + ").")
  Integer rank;

  @Option(names = "--lora-alpha", paramLabel = "ALPHA", description = "LoRA scale numerator (default: 2 x rank).")
  Double alpha;

  @Option(names = "--lora-targets", paramLabel = "LIST", description = "Layers the adapters attach to: q,k,v,o,"
      + "gate,up,down, fused qkv or fc1, or all-linear, attention, mlp (default: " + AdapterChoice.DEFAULT_TARGETS
      + ").")
  String targets;

  @Option(names = "--base-precision", paramLabel = "FORMAT", description = "Storage of the frozen base: bf16, fp8 "
      + "or nf4 (QLoRA) (default: bf16).")
  String basePrecision;

  @Option(names = "--double-quant", negatable = true, description = "Quantize the NF4 scales again (QLoRA's "
      + "double quantization; default with nf4: on).")
  Boolean doubleQuant;

  @Option(names = "--paged-optimizer", description = "Page the optimizer states to the host under memory pressure "
      + "(bitsandbytes paged optimizers).")
  Boolean pagedOptimizer;

  AdapterChoice choice() {
    return new AdapterChoice(rank, alpha, targets, basePrecision, doubleQuant, pagedOptimizer);
  }
}
