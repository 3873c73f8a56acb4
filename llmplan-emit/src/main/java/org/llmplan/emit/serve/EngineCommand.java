package org.llmplan.emit.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.error.InvalidValueException;
import org.llmplan.hardware.Precision;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.infer.WeightFormat;

/**
 * The command line of a serving engine for one replica, as flags that a script writes "--flag value" and a
 * Kubernetes container writes "--flag=value". Flag names and rules: vLLM engine args
 * (vllm/engine/arg_utils.py, config/cache.py, config/scheduler.py) and trtllm-serve's click options
 * (tensorrt_llm/commands/serve.py, underscores), as summarised in the launch-formats reference.
 *
 * @param program the executable and its subcommand ("vllm serve", "trtllm-serve")
 * @param model the checkpoint, first positional argument
 * @param flags the options in order
 */
public record EngineCommand(List<String> program, String model, List<Flag> flags) {
  /** Environment variable holding the checkpoint, so a local path or a quantized copy can replace it. */
  public static final String MODEL_VARIABLE = "MODEL";
  /** trtllm-serve's default share of free memory for the KV cache, used when the plan was sized for vLLM. */
  static final double TRTLLM_FREE_FRACTION = 0.9;

  /** One option; a null value is a switch. */
  public record Flag(String name, String value) {}

  /**
   * vllm serve. Multi-node replicas run over a Ray cluster (the documented LeaderWorkerSet path): TP inside a
   * node, PP across nodes.
   */
  public static EngineCommand vllm(ServingLaunch launch, String model) {
    InferenceDeployment d = launch.deployment();
    String dtype = d.weights() == WeightFormat.FP16 ? "half" : "bfloat16";
    List<Flag> f = new ArrayList<>();
    f.add(new Flag("--host", "0.0.0.0"));
    f.add(new Flag("--port", Integer.toString(ServingLaunch.PORT)));
    f.add(new Flag("--tensor-parallel-size", Integer.toString(d.tp())));
    f.add(new Flag("--pipeline-parallel-size", Integer.toString(d.pp())));
    if (d.ep() > 1) {
      f.add(new Flag("--enable-expert-parallel", null));
    }
    if (launch.nodesPerReplica() > 1) {
      f.add(new Flag("--distributed-executor-backend", "ray"));
    }
    f.add(new Flag("--dtype", dtype));
    String quantization = vllmQuantization(d.weights());
    if (quantization != null) {
      f.add(new Flag("--quantization", quantization));
    }
    f.add(new Flag("--kv-cache-dtype", vllmKvDtype(d.kvPrecision(), dtype)));
    f.add(new Flag("--max-model-len", Integer.toString(d.maxModelLen())));
    if (d.maxNumSeqs() > 0) {
      f.add(new Flag("--max-num-seqs", Integer.toString(d.maxNumSeqs())));
    }
    if (d.maxBatchedTokens() > 0) {
      f.add(new Flag("--max-num-batched-tokens", Integer.toString(d.maxBatchedTokens())));
    }
    checkVllmScheduler(d);
    f.add(new Flag(d.chunkedPrefill() ? "--enable-chunked-prefill" : "--no-enable-chunked-prefill", null));
    f.add(new Flag("--gpu-memory-utilization", number(d.gpuMemoryUtilization())));
    f.add(new Flag("--block-size", Integer.toString(d.blockSize())));
    return new EngineCommand(List.of("vllm", "serve"), model, f);
  }

  /**
   * trtllm-serve on the PyTorch backend. The KV dtype has no CLI flag: it goes in the extra LLM-API options
   * file ({@link #trtllmOptions}).
   */
  public static EngineCommand trtllm(ServingLaunch launch, String model, String optionsFile) {
    InferenceDeployment d = launch.deployment();
    List<Flag> f = new ArrayList<>();
    f.add(new Flag("--host", "0.0.0.0"));
    f.add(new Flag("--port", Integer.toString(ServingLaunch.PORT)));
    f.add(new Flag("--backend", "pytorch"));
    f.add(new Flag("--tp_size", Integer.toString(d.tp())));
    f.add(new Flag("--pp_size", Integer.toString(d.pp())));
    if (d.ep() > 1) {
      f.add(new Flag("--ep_size", Integer.toString(d.ep())));
    }
    f.add(new Flag("--gpus_per_node", Integer.toString(launch.gpusPerPod())));
    if (d.maxNumSeqs() > 0) {
      f.add(new Flag("--max_batch_size", Integer.toString(d.maxNumSeqs())));
    }
    if (d.maxBatchedTokens() > 0) {
      f.add(new Flag("--max_num_tokens", Integer.toString(d.maxBatchedTokens())));
    }
    f.add(new Flag("--max_seq_len", Integer.toString(d.maxModelLen())));
    double fraction = launch.vllm() ? TRTLLM_FREE_FRACTION : d.gpuMemoryUtilization();
    f.add(new Flag("--kv_cache_free_gpu_memory_fraction", number(fraction)));
    if (d.chunkedPrefill()) {
      f.add(new Flag("--enable_chunked_prefill", null));
    }
    f.add(new Flag("--extra_llm_api_options", optionsFile));
    return new EngineCommand(List.of("trtllm-serve"), model, f);
  }

  /** The LLM-API options trtllm-serve reads from --extra_llm_api_options: the KV-cache format and page reuse. */
  public static java.util.Map<String, Object> trtllmOptions(ServingLaunch launch) {
    String dtype = launch.deployment().kvPrecision() == Precision.FP8 ? "fp8" : "auto";
    return org.llmplan.emit.Formats.map("kv_cache_config", org.llmplan.emit.Formats.map("dtype", dtype,
        "enable_block_reuse", true));
  }

  /** Words for a shell script: program, model, then each flag and its value as separate words. */
  public List<String> words() {
    List<String> w = new ArrayList<>(program);
    w.add(model);
    for (Flag flag : flags) {
      w.add(flag.name());
      if (flag.value() != null) {
        w.add(flag.value());
      }
    }
    return w;
  }

  /** Container args (the program goes in command): the model, then "--flag=value" or "--flag". */
  public List<String> args() {
    List<String> a = new ArrayList<>(List.of(model));
    flags.forEach(f -> a.add(f.value() == null ? f.name() : f.name() + "=" + f.value()));
    return a;
  }

  /**
   * FP8 quantizes a 16-bit checkpoint at load time; INT8 (SmoothQuant W8A8) and INT4 (AWQ) need a checkpoint
   * quantized beforehand, whose quantization_config these names must match.
   */
  private static String vllmQuantization(WeightFormat weights) {
    return switch (weights) {
      case BF16, FP16 -> null;
      case FP8 -> "fp8";
      case INT8 -> "compressed-tensors";
      case INT4 -> "awq";
    };
  }

  /** vLLM's CacheDType: "auto" keeps the model dtype; 16-bit KV in another type is named, fp8 is fp8. */
  private static String vllmKvDtype(Precision kv, String dtype) {
    if (kv == Precision.FP8) {
      return "fp8";
    }
    if (kv == Precision.BF16) {
      return dtype.equals("bfloat16") ? "auto" : "bfloat16";
    }
    if (dtype.equals("half")) {
      return "auto";
    }
    throw new InvalidValueException("vLLM keeps a 16-bit KV cache in the model dtype (" + dtype + ") or in "
        + "bfloat16; use --kv-precision bf16 or fp8");
  }

  /** SchedulerConfig.verify_max_model_len: without chunked prefill one iteration must hold a whole prompt. */
  private static void checkVllmScheduler(InferenceDeployment d) {
    if (!d.chunkedPrefill() && d.maxBatchedTokens() > 0 && d.maxBatchedTokens() < d.maxModelLen()) {
      throw new InvalidValueException("without chunked prefill vLLM needs max-batched-tokens "
          + d.maxBatchedTokens() + " to be at least max-model-len " + d.maxModelLen()
          + "; enable chunked prefill or raise max-batched-tokens");
    }
  }

  static String number(double value) {
    return new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString()
        .toLowerCase(Locale.ROOT);
  }
}
