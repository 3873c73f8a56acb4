package org.llmplan.cli;

import org.llmplan.error.InvalidValueException;
import org.llmplan.request.EngineOptions;
import org.llmplan.request.InferenceRequest;
import org.llmplan.request.NumberFormats;
import org.llmplan.request.ReplicaLayout;
import org.llmplan.request.TokenCounts;
import picocli.CommandLine.Option;

/** Options that describe a serving deployment: model, GPU, layout, number formats, engine settings. */
public class DeploymentOptions {
  @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL",
      description = "Catalog model name, or a Hugging Face config.json (file or folder).")
  String model;

  @Option(names = {"-g", "--gpu"}, required = true, paramLabel = "GPU", description = "Accelerator name.")
  String gpu;

  @Option(names = "--tp", description = "Tensor-parallel size (default: 1).")
  Integer tp;

  @Option(names = "--pp", description = "Pipeline-parallel size (default: 1).")
  Integer pp;

  @Option(names = "--ep", description = "Expert parallelism for MoE models: 1 (experts sliced over TP) or equal to "
      + "--tp (whole experts spread over the TP ranks; default: 1).")
  Integer ep;

  @Option(names = "--attention-dp", negatable = true, description = "MoE models: attention, dense layers and LM "
      + "head data-parallel over the --tp GPUs, each with its own sequences and KV cache, experts spread over them "
      + "(needs --ep equal to --tp; TensorRT-LLM enable_attention_dp, SGLang --enable-dp-attention; default: off).")
  Boolean attentionDp;

  @Option(names = "--precision", paramLabel = "FORMAT", description = "Weight format: fp32, bf16, fp16, fp8, int8, "
      + "int4 (W4A16: awq, gptq), nvfp4 (fp4) or mxfp4 (default: bf16).")
  String precision;

  @Option(names = "--kv-precision", paramLabel = "FORMAT", description = "KV-cache format: bf16, fp16, fp8 or fp32 "
      + "(default: the weights' 16- or 32-bit type, bf16 under 8- and 4-bit weights).")
  String kvPrecision;

  @Option(names = "--group-size", paramLabel = "N", description = "Input channels per scale of int4 weights "
      + "(default: 128, as AWQ and GPTQ).")
  Integer groupSize;

  @Option(names = {"-e", "--engine"}, description = "Serving engine: vllm, tensorrt-llm, sglang or hf "
      + "(default: vllm).")
  String engine;

  @Option(names = "--max-num-seqs", paramLabel = "N", description = "Most sequences in flight (default: the "
      + "engine's).")
  Integer maxNumSeqs;

  @Option(names = "--max-batched-tokens", paramLabel = "N", description = "Token budget of one iteration (default: "
      + "the engine's).")
  Integer maxBatchedTokens;

  @Option(names = "--gpu-memory-utilization", paramLabel = "F", description = "Share of memory the engine may use "
      + "(default: the engine's; see docs/inference.md for what it is a share of).")
  Double gpuMemoryUtilization;

  @Option(names = "--headroom", paramLabel = "SHARE", description = "Share of GPU memory the engine leaves outside "
      + "its memory share: 0.1 or 10%% (the same as --gpu-memory-utilization 0.9; default: the engine's margin).")
  String headroom;

  @Option(names = "--block-size", paramLabel = "TOKENS", description = "Tokens per KV-cache block (default: the "
      + "engine's).")
  Integer blockSize;

  @Option(names = "--max-model-len", paramLabel = "TOKENS", description = "Longest sequence the engine accepts "
      + "(default: the model's context).")
  Integer maxModelLen;

  @Option(names = "--chunked-prefill", negatable = true, description = "Split long prompts over iterations "
      + "(default: the engine's).")
  Boolean chunkedPrefill;

  /** --gpu-memory-utilization, or 1 - --headroom: two names for the engine's margin, so one of them at most. */
  private Double memoryShare() {
    Double share = JobOptions.share("--headroom", headroom);
    if (share == null) {
      return gpuMemoryUtilization;
    }
    if (gpuMemoryUtilization != null) {
      throw new InvalidValueException("--headroom and --gpu-memory-utilization both set the engine's margin: "
          + "give one of them");
    }
    return 1 - InvalidValueException.requireInRange("--headroom", share, 0, 0.5);
  }

  /** The request with these lengths; defaults are the engine's (see InferenceRequest). */
  public InferenceRequest toRequest(Integer input, Integer output) {
    return InferenceRequest.of(model, gpu)
        .with(ReplicaLayout.builder().tp(tp).pp(pp).ep(ep).attentionDp(attentionDp).build())
        .with(NumberFormats.builder().precision(precision).kvPrecision(kvPrecision).groupSize(groupSize).build())
        .with(EngineOptions.builder().engine(engine).maxNumSeqs(maxNumSeqs).maxBatchedTokens(maxBatchedTokens)
            .gpuMemoryUtilization(memoryShare()).blockSize(blockSize).maxModelLen(maxModelLen)
            .chunkedPrefill(chunkedPrefill).build())
        .with(TokenCounts.builder().input(input).output(output).build());
  }
}
