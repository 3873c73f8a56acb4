package org.llmplan.request;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidValueException;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Precision;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.infer.RequestLengths;
import org.llmplan.infer.WeightFormat;
import org.llmplan.model.ModelSpec;
import org.llmplan.profile.EngineProfile;

/**
 * A serving question as a user states it: the model, the GPU and four parts, each field of them left out (null)
 * for the default. The command line and the HTTP API both fill one in; {@link #toDeployment} resolves names
 * against the catalog and checks every rule, so both faces answer the same way. In JSON it is one flat object
 * with the parts' fields ({@link FlatJson}).
 *
 * <p>Defaults: those that stand alone are {@link #DEFAULTS} (TP, PP and EP 1; bf16 weights; group size 128;
 * engine vllm; input 1024 and output 128 tokens, vLLM's benchmark random-dataset defaults). The others follow
 * from what is stated: the KV cache in the weights' 16-bit type (vLLM's kv_cache_dtype auto), bf16 under 8-
 * and 4-bit weights; the engine's profile gives max-num-seqs, max-batched-tokens, the memory share, the block
 * size and chunked prefill; max model length the model's context.
 *
 * @param model a catalog model name or a config.json path
 * @param gpu accelerator name
 */
@JsonDeserialize(using = FlatJson.Deserializer.class)
public record InferenceRequest(
    String model,
    String gpu,
    @JsonUnwrapped ReplicaLayout layout,
    @JsonUnwrapped NumberFormats formats,
    @JsonUnwrapped EngineOptions engineOptions,
    @JsonUnwrapped TokenCounts tokens) {

  public static final int DEFAULT_INPUT = 1024;
  public static final int DEFAULT_OUTPUT = 128;

  /** What each field left out means where it does not depend on the others. */
  public static final InferenceRequest DEFAULTS = of(null, null)
      .with(ReplicaLayout.builder().tp(1).pp(1).ep(1).attentionDp(false).build())
      .with(NumberFormats.builder().precision("bf16").groupSize(128).build())
      .with(EngineOptions.builder().engine("vllm").build())
      .with(TokenCounts.builder().input(DEFAULT_INPUT).output(DEFAULT_OUTPUT).build());

  /** Parts are never null: a part left out is one with nothing stated. */
  public InferenceRequest {
    layout = Unset.or(layout, ReplicaLayout.UNSET);
    formats = Unset.or(formats, NumberFormats.UNSET);
    engineOptions = Unset.or(engineOptions, EngineOptions.UNSET);
    tokens = Unset.or(tokens, TokenCounts.UNSET);
  }

  /** The request for {@code model} on {@code gpu} with nothing else stated. */
  public static InferenceRequest of(String model, String gpu) {
    return new InferenceRequest(model, gpu, ReplicaLayout.UNSET, NumberFormats.UNSET, EngineOptions.UNSET,
        TokenCounts.UNSET);
  }

  public InferenceRequest withGpu(String name) {
    return new InferenceRequest(model, name, layout, formats, engineOptions, tokens);
  }

  public InferenceRequest with(ReplicaLayout l) {
    return new InferenceRequest(model, gpu, l, formats, engineOptions, tokens);
  }

  public InferenceRequest with(NumberFormats f) {
    return new InferenceRequest(model, gpu, layout, f, engineOptions, tokens);
  }

  public InferenceRequest with(EngineOptions e) {
    return new InferenceRequest(model, gpu, layout, formats, e, tokens);
  }

  public InferenceRequest with(TokenCounts t) {
    return new InferenceRequest(model, gpu, layout, formats, engineOptions, t);
  }

  public InferenceDeployment toDeployment(Catalog catalog) {
    if (model == null || model.isBlank()) {
      throw new InvalidValueException("say which model: a catalog name or a config.json path");
    }
    // A quantized config.json says how its weights are stored; what the request states still wins.
    NumberFormats stored = catalog.checkpointFormat(model).map(q -> NumberFormats.builder().precision(q.precision())
        .groupSize(q.groupSize()).build()).orElse(NumberFormats.UNSET);
    return with(formats.orElse(stored)).toDeployment(catalog, catalog.model(model));
  }

  /** The deployment of a model resolved elsewhere (a validation row's); {@code model} is ignored. */
  public InferenceDeployment toDeployment(Catalog catalog, ModelSpec m) {
    if (gpu == null || gpu.isBlank()) {
      throw new InvalidValueException("say which accelerator: a GPU name such as h100");
    }
    Accelerator accelerator = catalog.gpu(gpu);
    ReplicaLayout l = layout.orElse(DEFAULTS.layout);
    NumberFormats f = formats.orElse(DEFAULTS.formats);
    EngineProfile e = catalog.engine(engineOptions.orElse(DEFAULTS.engineOptions).engine());
    EngineOptions o = engineOptions.orElse(EngineOptions.builder().maxNumSeqs(e.maxNumSeqs())
        .maxBatchedTokens(e.maxBatchedTokens()).gpuMemoryUtilization(e.gpuMemoryUtilization())
        .blockSize(e.blockSize()).chunkedPrefill(e.chunkedPrefill()).build());
    WeightFormat weights = WeightFormat.parse(f.precision());
    Precision kv = f.kvPrecision() != null ? Precision.parse(f.kvPrecision())
        : weights == WeightFormat.FP16 ? Precision.FP16
        : weights == WeightFormat.FP32 ? Precision.FP32 : Precision.BF16;
    int nodeGpus = catalog.defaultNode(accelerator.name()).map(n -> n.gpusPerNode())
        .orElse(accelerator.scaleUp() != null ? Math.max(1, accelerator.scaleUp().domain()) : 8);
    int modelLen = o.maxModelLen() != null ? o.maxModelLen()
        : m.maxPosition() > 0 ? m.maxPosition() : Math.toIntExact(lengths().total());
    return new InferenceDeployment(m, accelerator, l.tp(), l.pp(), l.ep(), l.attentionDp(), weights, f.groupSize(),
        kv, e, o.maxNumSeqs(), o.maxBatchedTokens(), o.gpuMemoryUtilization(), o.blockSize(), modelLen,
        o.chunkedPrefill(), nodeGpus, catalog.defaultScaleOut(accelerator.name()));
  }

  /** The request lengths, with the defaults. */
  public RequestLengths lengths() {
    TokenCounts t = tokens.orElse(DEFAULTS.tokens);
    return new RequestLengths(t.input(), t.output());
  }
}
