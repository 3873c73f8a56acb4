package org.llmplan.emit.engine;

import static org.llmplan.emit.Formats.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.llmplan.emit.EngineCommand;
import org.llmplan.emit.EngineCommand.Flag;
import org.llmplan.emit.ServingEngine;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.ServingTarget;
import org.llmplan.hardware.Precision;
import org.llmplan.infer.InferenceDeployment;

/**
 * TensorRT-LLM: {@code trtllm-serve} on the PyTorch backend (click options of tensorrt_llm/commands/serve.py,
 * underscores) with its LLM-API options file. Its metrics differ from vLLM's and are not modelled, so its
 * bundles alert on the GPUs only and autoscale on CPU, as the upstream charts do.
 */
public final class TrtllmEngine implements ServingEngine {
  /** NVIDIA's TensorRT-LLM release image, which has trtllm-serve with the PyTorch backend. */
  static final String IMAGE = "nvcr.io/nvidia/tensorrt-llm/release:1.0.0";
  /** trtllm-serve's default share of free memory for the KV cache, used when the plan was sized for another engine. */
  static final double FREE_FRACTION = 0.9;

  @Override
  public String name() {
    return "trtllm";
  }

  @Override
  public String title() {
    return "TensorRT-LLM";
  }

  @Override
  public String image() {
    return IMAGE;
  }

  @Override
  public List<ServingTarget> targets() {
    return List.of(new TrtllmTarget());
  }

  /** Whether the plan was sized for TensorRT-LLM (else its launcher is an alternative to another engine's). */
  boolean owns(ServingLaunch launch) {
    return launch.engine() instanceof TrtllmEngine;
  }

  /** The KV dtype has no CLI flag: it goes in the extra LLM-API options file ({@link #options}). */
  @Override
  public EngineCommand command(ServingLaunch launch, String model, String optionsFile) {
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
    double fraction = owns(launch) ? d.gpuMemoryUtilization() : FREE_FRACTION;
    f.add(new Flag("--kv_cache_free_gpu_memory_fraction", EngineCommand.number(fraction)));
    if (d.chunkedPrefill()) {
      f.add(new Flag("--enable_chunked_prefill", null));
    }
    f.add(new Flag("--extra_llm_api_options", optionsFile));
    return new EngineCommand(List.of("trtllm-serve"), model, f);
  }

  /** The LLM-API options trtllm-serve reads from --extra_llm_api_options: the KV-cache format and page reuse. */
  @Override
  public Map<String, Object> options(ServingLaunch launch) {
    String dtype = launch.deployment().kvPrecision() == Precision.FP8 ? "fp8" : "auto";
    return map("kv_cache_config", map("dtype", dtype, "enable_block_reuse", true));
  }
}
