package org.llmplan.emit.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.llmplan.emit.EngineCommand;
import org.llmplan.emit.EngineCommand.Flag;
import org.llmplan.emit.EngineMetrics;
import org.llmplan.emit.ReplicaGroup;
import org.llmplan.emit.ServingEngine;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.ServingTarget;
import org.llmplan.error.InvalidValueException;
import org.llmplan.hardware.Precision;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.infer.WeightFormat;

/**
 * vLLM: {@code vllm serve} with the plan's layout and limits (engine args of vllm/engine/arg_utils.py,
 * config/cache.py, config/scheduler.py, as summarised in the launch-formats reference). Its bundle also holds
 * trtllm-serve as an alternative. Metric names: vLLM V1 (vllm/v1/metrics/loggers.py; inter_token_latency
 * replaces the deprecated time_per_output_token, kv_cache_usage_perc the deprecated gpu_cache_usage_perc).
 */
public final class VllmEngine implements ServingEngine {
  /** vLLM's OpenAI image; its ENTRYPOINT is ["vllm", "serve"] and it exports the V1 metrics the rules read. */
  static final String IMAGE = "vllm/vllm-openai:v0.11.0";
  private static final EngineMetrics METRICS = new EngineMetrics("model_name", "vllm:time_to_first_token_seconds",
      "vllm:inter_token_latency_seconds", "vllm:kv_cache_usage_perc", "vllm:num_requests_waiting",
      "vllm:num_requests_running", "vllm:generation_tokens_total", "vllm:prompt_tokens_total");

  /** The Ray head's port on the first node of a multi-node replica. */
  static final int RAY_PORT = 6379;
  /** The head's data-parallel RPC port: vLLM's default (ParallelConfig.data_parallel_rpc_port), written out. */
  static final int DP_RPC_PORT = 29550;

  @Override
  public String name() {
    return "vllm";
  }

  @Override
  public String title() {
    return "vLLM";
  }

  @Override
  public String image() {
    return IMAGE;
  }

  @Override
  public List<ServingTarget> targets() {
    return List.of(new VllmTarget(), new TritonTarget());
  }

  @Override
  public List<String> bundleTargets() {
    return List.of(VllmTarget.NAME, TrtllmTarget.NAME);
  }

  @Override
  public Optional<EngineMetrics> metrics() {
    return Optional.of(METRICS);
  }

  /**
   * vllm serve. Multi-node replicas run over a Ray cluster (the documented LeaderWorkerSet path): TP inside a
   * node, PP across nodes.
   */
  @Override
  public EngineCommand command(ServingLaunch launch, String model, String optionsFile) {
    InferenceDeployment d = launch.deployment();
    String dtype = halfOnly(d.weights()) ? "half" : d.weights() == WeightFormat.FP32 ? "float32" : "bfloat16";
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
    String quantization = quantization(d.weights());
    if (quantization != null) {
      f.add(new Flag("--quantization", quantization));
    }
    f.add(new Flag("--kv-cache-dtype", kvDtype(d.kvPrecision(), dtype)));
    f.add(new Flag("--max-model-len", Integer.toString(d.maxModelLen())));
    if (d.maxNumSeqs() > 0) {
      f.add(new Flag("--max-num-seqs", Integer.toString(d.maxNumSeqs())));
    }
    if (d.maxBatchedTokens() > 0) {
      f.add(new Flag("--max-num-batched-tokens", Integer.toString(d.maxBatchedTokens())));
    }
    checkScheduler(d);
    f.add(new Flag(d.chunkedPrefill() ? "--enable-chunked-prefill" : "--no-enable-chunked-prefill", null));
    f.add(new Flag("--gpu-memory-utilization", EngineCommand.number(d.gpuMemoryUtilization())));
    f.add(new Flag("--block-size", Integer.toString(d.blockSize())));
    return new EngineCommand(List.of("vllm", "serve"), model, f);
  }

  /** AWQ kernels take float16 activations only (AWQConfig.get_supported_act_dtypes returns [torch.half]). */
  private static boolean halfOnly(WeightFormat weights) {
    return weights == WeightFormat.FP16 || weights == WeightFormat.INT4;
  }

  /**
   * A replica over several nodes is one Ray cluster (vLLM's documented multi-node path): the leader starts the
   * Ray head and then the server, each worker joins the head and blocks.
   */
  @Override
  public ReplicaGroup group(ServingLaunch launch, EngineCommand server) {
    return new ReplicaGroup(launch.replicas(), launch.nodesPerReplica(), launch.gpusPerPod(),
        "ray start --head --port=" + RAY_PORT + " && exec " + server.line(),
        "exec ray start --block --address=\"${LWS_LEADER_ADDRESS}:" + RAY_PORT + "\"", List.of());
  }

  /**
   * Replicas within a node that fill more than one node, as one data-parallel server (LeaderWorkerSet pods of whole
   * nodes): the head pod runs the API server and its node's engines, each worker pod runs the next engines headless.
   * Dense models only: with DP vLLM shards a MoE layer's experts over TP x DP ranks in lockstep, a layout the plan
   * did not evaluate.
   */
  @Override
  public Optional<ReplicaGroup> dataParallel(ServingLaunch launch) {
    int perNode = enginesPerNode(launch);
    if (perNode == 0) {
      return Optional.empty();
    }
    int size = launch.replicas();
    EngineCommand server = command(launch, launch.modelId(), null);
    String address = "${LWS_LEADER_ADDRESS}";
    String head = "exec " + server.with(dataParallel(size, Integer.toString(Math.min(perNode, size)), address, null))
        .line();
    String worker = "start=$((LWS_WORKER_INDEX * " + perNode + "))\n"
        + "count=$((" + size + " - start < " + perNode + " ? " + size + " - start : " + perNode + "))\n"
        + "exec " + server.with(dataParallel(size, "${count}", address, "${start}")).line();
    return Optional.of(new ReplicaGroup(1, nodes(launch, perNode), perNode * launch.deployment().gpus(), head,
        worker, List.of()));
  }

  /** Engines of the data-parallel form on each node, or 0 where the form does not apply to the plan. */
  static int enginesPerNode(ServingLaunch launch) {
    InferenceDeployment d = launch.deployment();
    boolean fits = launch.nodesPerReplica() == 1 && d.gpus() <= d.gpusPerNode();
    if (!fits || d.model().isMoe() || launch.replicas() * d.gpus() <= d.gpusPerNode()) {
      return 0;
    }
    return d.gpusPerNode() / d.gpus();
  }

  static int nodes(ServingLaunch launch, int perNode) {
    return (launch.replicas() + perNode - 1) / perNode;
  }

  /**
   * The options of one node of a data-parallel deployment (vLLM docs, "Data Parallel Deployment"): every node
   * names the whole size and the head's RPC address; the head runs the API server, the others are headless and
   * say which rank they start at.
   *
   * @param local the node's engine count, a word that may reference a variable
   * @param startRank null on the head, else the node's first rank (a word)
   */
  static List<Flag> dataParallel(int size, String local, String address, String startRank) {
    List<Flag> f = new ArrayList<>(List.of(new Flag("--data-parallel-size", Integer.toString(size)),
        new Flag("--data-parallel-size-local", local), new Flag("--data-parallel-address", address),
        new Flag("--data-parallel-rpc-port", Integer.toString(DP_RPC_PORT))));
    if (startRank != null) {
      f.add(new Flag("--headless", null));
      f.add(new Flag("--data-parallel-start-rank", startRank));
    }
    return f;
  }

  /**
   * FP8 quantizes a 16-bit checkpoint at load time; INT8 (SmoothQuant W8A8) and INT4 (AWQ) need a checkpoint
   * quantized beforehand, whose quantization_config these names must match.
   */
  private static String quantization(WeightFormat weights) {
    return switch (weights) {
      case FP32, BF16, FP16 -> null;
      case FP8 -> "fp8";
      case INT8 -> "compressed-tensors";
      case INT4 -> "awq";
      case NVFP4 -> "modelopt_fp4";
      case MXFP4 -> "mxfp4";
    };
  }

  /** vLLM's CacheDType: "auto" keeps the model dtype; 16-bit KV in another type is named, fp8 is fp8. */
  private static String kvDtype(Precision kv, String dtype) {
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
  private static void checkScheduler(InferenceDeployment d) {
    if (!d.chunkedPrefill() && d.maxBatchedTokens() > 0 && d.maxBatchedTokens() < d.maxModelLen()) {
      throw new InvalidValueException("without chunked prefill vLLM needs max-batched-tokens "
          + d.maxBatchedTokens() + " to be at least max-model-len " + d.maxModelLen()
          + "; enable chunked prefill or raise max-batched-tokens");
    }
  }
}
