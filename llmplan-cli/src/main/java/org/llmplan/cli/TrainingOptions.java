package org.llmplan.cli;

import org.llmplan.catalog.Catalog;
import org.llmplan.estimate.Quantities;
import org.llmplan.parallel.Sharding;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Options that describe a training job: model, hardware, layout, precision, framework. */
public final class TrainingOptions {
  @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL",
      description = "Catalog model name, or a Hugging Face config.json (file or folder).")
  String model;

  @Option(names = {"-g", "--gpu"}, paramLabel = "GPU", description = "Accelerator name (default: the cluster's or "
      + "node's GPU).")
  String gpu;

  @Option(names = "--cluster", paramLabel = "NAME", description = "Catalog cluster: sets GPU, GPUs per node and host "
      + "memory; --gpus defaults to the whole cluster.")
  String cluster;

  @Option(names = "--node", paramLabel = "NAME", description = "Catalog node type: sets GPU, GPUs per node and host "
      + "memory.")
  String node;

  @Option(names = {"-n", "--gpus"}, paramLabel = "N", description = "GPUs in the job (default: TP x PP x CP x DP).")
  Integer gpus;

  @Option(names = "--gpus-per-node", paramLabel = "K", description = "GPUs per node (default: the node's, else 8).")
  Integer gpusPerNode;

  @Option(names = "--tp", description = "Tensor-parallel size (default: 1).")
  Integer tp;

  @Option(names = "--pp", description = "Pipeline-parallel size (default: 1).")
  Integer pp;

  @Option(names = "--dp", description = "Data-parallel size (default: GPUs / (TP x PP x CP)).")
  Integer dp;

  @Option(names = "--cp", description = "Context-parallel size (default: 1).")
  Integer cp;

  @Option(names = "--ep", description = "Expert-parallel size (default: 1).")
  Integer ep;

  @Option(names = "--vpp", description = "Virtual pipeline stages per GPU, interleaved 1F1B (default: 1).")
  Integer vpp;

  @Option(names = {"-b", "--micro-batch"}, description = "Sequences per micro-batch (default: 1).")
  Integer microBatch;

  @Option(names = "--first-stage-layers", paramLabel = "N", description = "Layers on the first pipeline stage "
      + "(uneven split; Megatron's --decoder-first-pipeline-num-layers).")
  Integer firstStageLayers;

  @Option(names = "--last-stage-layers", paramLabel = "N", description = "Layers on the last pipeline stage "
      + "(uneven split).")
  Integer lastStageLayers;

  @Option(names = "--global-batch", paramLabel = "SEQS", description = "Sequences per optimizer step (default: "
      + "micro-batch x DP x PP, enough to fill the pipeline).")
  Integer globalBatch;

  @Option(names = "--global-batch-tokens", paramLabel = "TOKENS", description = "Tokens per optimizer step, "
      + "instead of --global-batch (e.g. 4M).")
  String globalBatchTokens;

  @Option(names = {"-s", "--seq"}, paramLabel = "TOKENS", description = "Sequence length (default: 4096, or the "
      + "model's context when shorter).")
  Integer seq;

  @ArgGroup(exclusive = true)
  ShardingChoice sharding = new ShardingChoice();

  /** One way to say how data-parallel ranks shard the state. */
  static final class ShardingChoice {
    @Option(names = "--zero", paramLabel = "0..3", description = "DeepSpeed ZeRO stage.")
    Integer zero;

    @Option(names = "--fsdp", paramLabel = "full|hybrid|grad-op", description = "PyTorch FSDP sharding strategy.")
    String fsdp;

    @Option(names = "--distributed-optimizer", description = "Megatron distributed optimizer (ZeRO-1 like).")
    boolean distributedOptimizer;

    @Option(names = "--sharding", paramLabel = "MODE", description = "Any sharding by name: none, zero1, zero2, "
        + "zero3, dist-opt, fsdp-grad-op, fsdp-full, fsdp-hybrid.")
    String name;
  }

  @Option(names = "--shard-group", paramLabel = "N", description = "Ranks per shard group under --fsdp hybrid "
      + "(default: GPUs per node).")
  Integer shardGroup;

  @Option(names = "--recompute", paramLabel = "MODE", description = "Activation recompute: none, selective or "
      + "full (default: none).")
  String recompute;

  @Option(names = "--sequence-parallel", description = "Megatron sequence parallelism (needs TP > 1).")
  boolean sequenceParallel;

  @Option(names = "--precision", description = "Compute precision: bf16, fp16, fp8 or fp32 (default: bf16).")
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

  @Option(names = {"--offload-optimizer", "--offload"}, paramLabel = "TARGET",
      description = "Move master weights, optimizer states and FP32 gradients to cpu or nvme (ZeRO-Offload).")
  String offloadOptimizer;

  @Option(names = "--offload-params", paramLabel = "TARGET", description = "Move parameters "
      + "to cpu or nvme (ZeRO-3/FSDP).")
  String offloadParams;

  @Option(names = "--capacity-factor", paramLabel = "C", description = "MoE expert capacity factor (default: the "
      + "model's, else dropless).")
  Double capacityFactor;

  @Option(names = "--overlap-grad-reduce", negatable = true, description = "Overlap data-parallel gradient "
      + "reduction with backward (default: the framework's; --no-overlap-grad-reduce reduces after backward).")
  Boolean overlapGradReduce;

  @Option(names = "--host-memory", paramLabel = "GIB", description = "CPU memory per node in GiB (default: the "
      + "node's).")
  Double hostMemoryGiB;

  /** The request these options state; defaults are the engine's (see TrainingRequest). */
  public TrainingRequest toRequest() {
    Long batchTokens = globalBatchTokens == null ? null
        : (long) Quantities.parseCount("--global-batch-tokens", globalBatchTokens);
    return new TrainingRequest(model, gpu, cluster, node, gpus, gpusPerNode, tp, pp, dp, cp, ep, vpp, microBatch,
        globalBatch, batchTokens, seq, shardingLabel(), shardGroup, recompute, sequenceParallel ? Boolean.TRUE : null, precision,
        policy, optimizer, framework, attention, offloadOptimizer, offloadParams, capacityFactor, hostMemoryGiB,
        overlapGradReduce, firstStageLayers, lastStageLayers);
  }

  /** Builds and checks the job; every mistake surfaces as a PlanInputException with what to change. */
  public TrainingJob toJob(Catalog catalog) {
    return toRequest().toJob(catalog);
  }

  private String shardingLabel() {
    if (sharding.zero != null) {
      return Sharding.zeroStage(sharding.zero).label();
    }
    if (sharding.fsdp != null) {
      return "fsdp-" + sharding.fsdp.replaceFirst("^fsdp-", "");
    }
    if (sharding.distributedOptimizer) {
      return Sharding.DISTRIBUTED_OPTIMIZER.label();
    }
    return sharding.name;
  }
}
