package org.llmplan.infer;

import org.llmplan.profile.EngineProfile;
import org.llmplan.error.InvalidLayoutException;
import org.llmplan.error.InvalidValueException;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Precision;
import org.llmplan.hardware.ScaleOut;
import org.llmplan.model.ModelSpec;

/**
 * One serving replica: a model on {@code tp x pp} GPUs of one kind, its number formats and the engine settings
 * that size its batches. The constructor checks every rule the engines check at start-up (vLLM
 * config/parallel.py and the quantized linear layers), so a deployment that exists is one the estimators can
 * evaluate; whether it fits in memory is {@link InferenceMemoryEstimator}'s answer.
 *
 * @param ep 1 (routed experts sliced over the TP ranks) or tp (whole experts spread over them, vLLM
 *     --enable-expert-parallel)
 * @param attentionDp attention, dense layers, embedding and LM head replicated on each of the tp GPUs, each
 *     with its own sequences and KV cache, the experts spread over them (EP = TP); tokens reach the experts by
 *     all-gather and return by reduce-scatter instead of TP all-reduces (TensorRT-LLM enable_attention_dp,
 *     SGLang --enable-dp-attention, vLLM --data-parallel-size with --enable-expert-parallel)
 * @param groupSize input channels per scale of a group-quantized format (AWQ/GPTQ group 128)
 * @param maxNumSeqs cap on sequences in flight; 0 = none (the KV pool decides)
 * @param maxBatchedTokens token budget of one iteration; 0 = none
 * @param maxModelLen the longest sequence (prompt + output) the engine accepts
 * @param gpusPerNode GPUs that share the scale-up link: a TP group larger than this crosses the network
 * @param scaleOut the network between nodes
 */
public record InferenceDeployment(
    ModelSpec model,
    Accelerator gpu,
    int tp,
    int pp,
    int ep,
    boolean attentionDp,
    WeightFormat weights,
    int groupSize,
    Precision kvPrecision,
    EngineProfile engine,
    int maxNumSeqs,
    int maxBatchedTokens,
    double gpuMemoryUtilization,
    int blockSize,
    int maxModelLen,
    boolean chunkedPrefill,
    int gpusPerNode,
    ScaleOut scaleOut) {

  public InferenceDeployment {
    checkRanges(tp, pp, ep, groupSize, maxNumSeqs, maxBatchedTokens, gpuMemoryUtilization, blockSize, maxModelLen,
        gpusPerNode);
    checkEngineLimits(model, kvPrecision, maxNumSeqs, maxBatchedTokens, maxModelLen);
    checkLayout(model, attentionDp ? 1 : tp, pp, ep);
    if (attentionDp) {
      checkAttentionDp(model, tp, ep);
    } else if (model.isMoe()) {
      checkExperts(model, tp, ep);
    }
    if (weights.grouped()) {
      checkGroups(model, attentionDp ? 1 : tp, ep, groupSize);
    }
  }

  /** Every number within what any engine accepts, so that no later product overflows. */
  private static void checkRanges(int tp, int pp, int ep, int groupSize, int maxNumSeqs, int maxBatchedTokens,
      double gpuMemoryUtilization, int blockSize, int maxModelLen, int gpusPerNode) {
    InvalidValueException.requireInRange("tp", tp, 1, 1024);
    InvalidValueException.requireInRange("pp", pp, 1, 1024);
    InvalidValueException.requireInRange("ep", ep, 1, 1024);
    InvalidValueException.requireInRange("group size", groupSize, 1, 1 << 20);
    InvalidValueException.requireInRange("max-num-seqs", maxNumSeqs, 0, 10_000_000);
    InvalidValueException.requireInRange("max-batched-tokens", maxBatchedTokens, 0, 100_000_000);
    InvalidValueException.requireInRange("gpu-memory-utilization", gpuMemoryUtilization, 0.01, 1);
    InvalidValueException.requireInRange("block size", blockSize, 1, 1 << 16);
    InvalidValueException.requireInRange("max model length", maxModelLen, 1, 100_000_000);
    InvalidValueException.requireInRange("gpus per node", gpusPerNode, 1, 1024);
  }

  /** The KV format, batch limits and sequence length an engine starts with (vLLM config checks). */
  private static void checkEngineLimits(ModelSpec model, Precision kvPrecision, int maxNumSeqs, int maxBatchedTokens,
      int maxModelLen) {
    if (kvPrecision != Precision.BF16 && kvPrecision != Precision.FP16 && kvPrecision != Precision.FP8
        && kvPrecision != Precision.FP32) {
      throw new InvalidValueException("KV-cache precision " + kvPrecision.label() + " is not one engines offer; "
          + "use bf16, fp16, fp8 or fp32");
    }
    if (maxNumSeqs > 0 && maxBatchedTokens > 0 && maxBatchedTokens < maxNumSeqs) {
      throw new InvalidValueException("max-batched-tokens " + maxBatchedTokens + " must be at least max-num-seqs "
          + maxNumSeqs + " (each running sequence adds a token per step); raise it or lower max-num-seqs");
    }
    int limit = model.maxPosition();
    if (limit > 0 && maxModelLen > limit) {
      throw new InvalidValueException("max model length " + maxModelLen + " exceeds the " + limit
          + " positions of " + model.name() + "; use --max-model-len " + limit + " or less");
    }
  }

  /** Tensor-parallel rules of vLLM's model loader and parallel linear layers. */
  private static void checkLayout(ModelSpec m, int tp, int pp, int ep) {
    if (m.heads() % tp != 0) {
      throw new InvalidLayoutException("attention heads " + m.heads() + " of " + m.name() + " are not divisible by "
          + "TP " + tp + "; choose a TP that divides " + m.heads());
    }
    if (m.mla() == null && m.kvHeads() % tp != 0 && tp % m.kvHeads() != 0) {
      throw new InvalidLayoutException("KV heads " + m.kvHeads() + " of " + m.name() + " and TP " + tp + " must "
          + "divide one another (each rank holds whole KV heads, replicated when TP exceeds them)");
    }
    if (m.denseLayers() > 0 && m.ffn() % tp != 0) {
      throw new InvalidLayoutException("FFN width " + m.ffn() + " is not divisible by TP " + tp);
    }
    if (pp > m.layers()) {
      throw new InvalidLayoutException("PP " + pp + " exceeds the " + m.layers() + " layers of " + m.name());
    }
    if (ep > 1 && !m.isMoe()) {
      throw new InvalidLayoutException("expert parallelism needs an MoE model; " + m.name() + " is dense, use --ep 1");
    }
  }

  /** Attention DP spreads whole experts over the same GPUs (TensorRT-LLM requires moe_expert_parallel_size = tp). */
  private static void checkAttentionDp(ModelSpec m, int tp, int ep) {
    if (!m.isMoe()) {
      throw new InvalidLayoutException("attention data parallelism spreads the experts of an MoE model; " + m.name()
          + " is dense: serve more replicas instead");
    }
    if (ep != tp) {
      throw new InvalidLayoutException("attention data parallelism over " + tp + " GPUs spreads the experts over "
          + "the same GPUs: use --ep " + tp);
    }
    if (m.moe().experts() % ep != 0) {
      throw new InvalidLayoutException("experts " + m.moe().experts() + " are not divisible by EP " + ep);
    }
  }

  /** Experts sliced over the TP ranks (EP 1) or spread whole over them (EP = TP). */
  private static void checkExperts(ModelSpec m, int tp, int ep) {
    if (ep != 1 && ep != tp) {
      throw new InvalidLayoutException("EP " + ep + " must be 1 (experts sliced over the TP ranks) or equal TP "
          + tp + " (whole experts spread over the TP group, vLLM --enable-expert-parallel)");
    }
    if (m.moe().experts() % ep != 0) {
      throw new InvalidLayoutException("experts " + m.moe().experts() + " are not divisible by EP " + ep);
    }
    if (ep == 1 && m.moe().expertFfn() % tp != 0) {
      throw new InvalidLayoutException("expert FFN width " + m.moe().expertFfn() + " is not divisible by TP " + tp
          + "; use --ep " + tp + " to keep experts whole");
    }
  }

  /** AWQ/GPTQ layers refuse a row-parallel input split that cuts a quantization group (vLLM awq.py, gptq.py). */
  private static void checkGroups(ModelSpec m, int tp, int ep, int groupSize) {
    long[] widths = {m.valueOutputWidth() / tp, m.denseLayers() > 0 ? m.ffn() / tp : 0,
        m.isMoe() ? m.moe().expertFfn() / (ep == 1 ? tp : 1) : 0};
    for (long width : widths) {
      if (width > 0 && width % groupSize != 0) {
        throw new InvalidLayoutException("input width " + width + " per TP rank is not a multiple of the "
            + "quantization group " + groupSize + "; use a smaller TP or --group-size that divides it");
      }
    }
  }

  /**
   * The same deployment with another layout, formats or memory share (the levers of a memory estimate): EP
   * follows TP when experts were spread whole.
   */
  public InferenceDeployment with(int newTp, int newPp, WeightFormat newWeights, Precision newKv, double newUtil) {
    int newEp = ep > 1 ? newTp : 1;
    return new InferenceDeployment(model, gpu, newTp, newPp, newEp, attentionDp, newWeights, groupSize, newKv, engine,
        maxNumSeqs, maxBatchedTokens, newUtil, blockSize, maxModelLen, chunkedPrefill, gpusPerNode, scaleOut);
  }

  /** GPUs that split each attention layer: TP, or 1 when attention runs data-parallel. */
  public int attentionTp() {
    return attentionDp ? 1 : tp;
  }

  /** Attention data-parallel ranks, each with its own sequences and KV cache: TP under attention DP, else 1. */
  public int attentionRanks() {
    return attentionDp ? tp : 1;
  }

  /** GPUs one replica occupies. */
  public int gpus() {
    return tp * pp;
  }

  /** Layers on the most loaded pipeline stage (engines give the remainder to some stages). */
  public int stageLayers() {
    return (model.layers() + pp - 1) / pp;
  }

  /** The replica's sequence cap (max-num-seqs per attention-DP rank), with "no cap" as the largest int. */
  public int sequenceCap() {
    return maxNumSeqs > 0 ? maxNumSeqs * attentionRanks() : Integer.MAX_VALUE;
  }

  /** The replica's token budget of one iteration (max-batched-tokens per attention-DP rank); 0 = none. */
  public long tokenBudget() {
    return (long) maxBatchedTokens * attentionRanks();
  }

  /** Short label, e.g. "TP2 PP1 fp8 weights, fp8 KV, tensorrt-llm" or "DP8-attention EP8 PP1 nvfp4 ...". */
  public String label() {
    String layout = attentionDp ? "DP" + tp + "-attention EP" + ep + " PP" + pp
        : "TP" + tp + " PP" + pp + (ep > 1 ? " EP" + ep : "");
    return layout + " " + weights.label()
        + (weights.grouped() ? "-g" + groupSize : "") + " weights, " + kvPrecision.label() + " KV, " + engine.name();
  }
}
