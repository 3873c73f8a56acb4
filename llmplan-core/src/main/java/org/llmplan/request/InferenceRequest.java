package org.llmplan.request;

import org.llmplan.infer.InferenceDeployment;
import org.llmplan.infer.RequestLengths;
import org.llmplan.infer.WeightFormat;
import org.llmplan.profile.EngineProfile;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidValueException;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Precision;
import org.llmplan.model.ModelSpec;

/**
 * A serving question as a user states it: names and numbers, any left out (null) for the default. The command
 * line and the HTTP API both fill one in; {@link #toDeployment} resolves names against the catalog and checks
 * every rule, so both faces answer the same way.
 *
 * <p>Defaults: TP, PP 1; EP 1; bf16 weights; the KV cache in the weights' 16-bit type (vLLM's
 * kv_cache_dtype auto), bf16 under 8- and 4-bit weights; group size 128; engine vllm, whose profile gives
 * max-num-seqs, max-batched-tokens, the memory share, the block size and chunked prefill; max model length the
 * model's context; input 1024 and output 128 tokens (vLLM's benchmark random-dataset defaults).
 *
 * @param precision weight format: bf16, fp16, fp8, int8 or int4
 * @param kvPrecision KV-cache format: bf16, fp16 or fp8
 * @param groupSize input channels per scale of int4 weights
 * @param input prompt tokens of the requests sized against the KV cache
 * @param output generated tokens of those requests
 */
public record InferenceRequest(
    String model,
    String gpu,
    Integer tp,
    Integer pp,
    Integer ep,
    String precision,
    String kvPrecision,
    Integer groupSize,
    String engine,
    Integer maxNumSeqs,
    Integer maxBatchedTokens,
    Double gpuMemoryUtilization,
    Integer blockSize,
    Integer maxModelLen,
    Boolean chunkedPrefill,
    Integer input,
    Integer output) {

  public static final int DEFAULT_INPUT = 1024;
  public static final int DEFAULT_OUTPUT = 128;

  public InferenceDeployment toDeployment(Catalog catalog) {
    if (model == null || model.isBlank()) {
      throw new InvalidValueException("say which model: a catalog name or a config.json path");
    }
    return toDeployment(catalog, catalog.model(model));
  }

  /** The deployment of a model resolved elsewhere (a validation row's); {@code model} is ignored. */
  public InferenceDeployment toDeployment(Catalog catalog, ModelSpec m) {
    if (gpu == null || gpu.isBlank()) {
      throw new InvalidValueException("say which accelerator: a GPU name such as h100");
    }
    Accelerator accelerator = catalog.gpu(gpu);
    EngineProfile e = catalog.engine(engine != null ? engine : "vllm");
    WeightFormat weights = WeightFormat.parse(precision != null ? precision : "bf16");
    Precision kv = kvPrecision != null ? Precision.parse(kvPrecision)
        : weights == WeightFormat.FP16 ? Precision.FP16 : Precision.BF16;
    int nodeGpus = catalog.defaultNode(accelerator.name()).map(n -> n.gpusPerNode())
        .orElse(accelerator.scaleUp() != null ? Math.max(1, accelerator.scaleUp().domain()) : 8);
    int modelLen = maxModelLen != null ? maxModelLen
        : m.maxPosition() > 0 ? m.maxPosition() : Math.toIntExact(lengths().total());
    return new InferenceDeployment(m, accelerator, or(tp, 1), or(pp, 1), or(ep, 1), weights, or(groupSize, 128), kv, e,
        or(maxNumSeqs, e.maxNumSeqs()), or(maxBatchedTokens, e.maxBatchedTokens()),
        gpuMemoryUtilization != null ? gpuMemoryUtilization : e.gpuMemoryUtilization(), or(blockSize, e.blockSize()),
        modelLen, chunkedPrefill != null ? chunkedPrefill : e.chunkedPrefill(), nodeGpus,
        catalog.defaultScaleOut(accelerator.name()));
  }

  /** The request lengths, with the defaults. */
  public RequestLengths lengths() {
    return new RequestLengths(or(input, DEFAULT_INPUT), or(output, DEFAULT_OUTPUT));
  }

  private static int or(Integer value, int fallback) {
    return value != null ? value : fallback;
  }
}
