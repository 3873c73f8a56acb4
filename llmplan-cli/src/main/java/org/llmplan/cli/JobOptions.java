package org.llmplan.cli;

import org.llmplan.error.InvalidValueException;
import org.llmplan.estimate.Quantities;
import org.llmplan.request.BatchShape;
import org.llmplan.request.FrameworkOptions;
import org.llmplan.request.PrecisionRecipe;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options that describe a training job apart from its hardware and layout: model, sequence and batch,
 * precision, framework. `memory train` and `train` take them with a layout; `search train` with the GPUs it
 * chooses among.
 */
public final class JobOptions {
  // Not required by picocli so that `network --plan` can go without it; the request says when it is missing.
  @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
      description = "Catalog model name, or a Hugging Face config.json (file or folder); required.")
  String model;

  @Option(names = "--gpus-per-node", paramLabel = "K", description = "GPUs per node (default: the node's, else 8).")
  Integer gpusPerNode;

  @Option(names = "--global-batch", paramLabel = "SEQS", description = "Sequences per optimizer step (default: "
      + "micro-batch x DP x PP, enough to fill the pipeline; search train: 4M tokens).")
  Integer globalBatch;

  @Option(names = "--global-batch-tokens", paramLabel = "TOKENS", description = "Tokens per optimizer step, "
      + "instead of --global-batch (e.g. 4M).")
  String globalBatchTokens;

  @Option(names = {"-s", "--seq"}, paramLabel = "TOKENS", description = "Sequence length (default: 4096, or the "
      + "model's context when shorter).")
  Integer seq;

  @Option(names = "--precision", description = "Compute precision: bf16, fp16, fp8 or fp32, or a low-precision "
      + "recipe: fp8-delayed (= fp8), fp8-current, fp8-blockwise, mxfp8, nvfp4 (= fp4; MX/NV on Blackwell only) "
      + "(default: bf16).")
  String precision;

  @Option(names = "--policy", paramLabel = "NAME", description = "State precision policy: megatron (18 B/param "
      + "with Adam), zero (16), amp (16, FP32 weights), pure (8). Default: the framework's.")
  String policy;

  @Option(names = "--optimizer", description = "adamw, adam, sgd, adafactor or adam8bit (default: adamw).")
  String optimizer;

  @Option(names = {"-f", "--framework"}, description = "megatron, deepspeed, fsdp or hf (default: megatron).")
  String framework;

  @Option(names = "--attention", paramLabel = "IMPL", description = "flash, sdpa or eager (default: the "
      + "framework's).")
  String attention;

  @Option(names = "--capacity-factor", paramLabel = "C", description = "MoE expert capacity factor (default: the "
      + "model's, else dropless).")
  Double capacityFactor;

  @Option(names = "--overlap-grad-reduce", negatable = true, description = "Overlap data-parallel gradient "
      + "reduction with backward (default: the framework's; --no-overlap-grad-reduce reduces after backward).")
  Boolean overlapGradReduce;

  @Option(names = "--headroom", paramLabel = "SHARE", description = "Share of GPU memory a plan must leave free to "
      + "fit, for fragmentation and transient peaks: 0.1 or 10%% (default: the framework's, 5%%).")
  String headroom;

  @Mixin
  AdapterOptions adapters = new AdapterOptions();

  @Option(names = "--host-memory", paramLabel = "GIB", description = "CPU memory per node in GiB (default: the "
      + "node's).")
  Double hostMemoryGiB;

  /** The global batch in tokens, or null when it was not given that way. */
  Long globalBatchTokens() {
    return globalBatchTokens == null ? null : (long) Quantities.parseCount("--global-batch-tokens", globalBatchTokens);
  }

  /** --headroom as a share: "10%" or "0.1". */
  private Double headroomShare() {
    return share("--headroom", headroom);
  }

  /** A share of GPU memory written as 0.1 or 10%; null when not given. */
  static Double share(String option, String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    boolean percent = t.endsWith("%");
    try {
      double value = Double.parseDouble(percent ? t.substring(0, t.length() - 1).trim() : t);
      return percent ? value / 100 : value;
    } catch (NumberFormatException e) {
      throw new InvalidValueException(option + " must be a share of GPU memory such as 0.1 or 10%, got '" + t + "'");
    }
  }

  BatchShape batch() {
    return BatchShape.builder().globalBatch(globalBatch).globalBatchTokens(globalBatchTokens()).seq(seq).build();
  }

  PrecisionRecipe recipe() {
    return PrecisionRecipe.builder().precision(precision).policy(policy).optimizer(optimizer).build();
  }

  FrameworkOptions frameworkOptions() {
    return FrameworkOptions.builder().framework(framework).attention(attention).overlapGradReduce(overlapGradReduce)
        .capacityFactor(capacityFactor).headroom(headroomShare()).build();
  }
}
