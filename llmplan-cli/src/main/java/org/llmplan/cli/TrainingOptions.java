package org.llmplan.cli;

import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidLayoutException;
import org.llmplan.error.InvalidValueException;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.ClusterSpec;
import org.llmplan.hardware.NodeType;
import org.llmplan.hardware.Precision;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.Positional;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;
import org.llmplan.train.AttentionImpl;
import org.llmplan.train.FrameworkProfile;
import org.llmplan.train.Optimizer;
import org.llmplan.train.PrecisionPolicy;
import org.llmplan.train.TrainingJob;
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

  @Option(names = "--tp", defaultValue = "1", description = "Tensor-parallel size (default: ${DEFAULT-VALUE}).")
  int tp;

  @Option(names = "--pp", defaultValue = "1", description = "Pipeline-parallel size (default: ${DEFAULT-VALUE}).")
  int pp;

  @Option(names = "--dp", description = "Data-parallel size (default: GPUs / (TP x PP x CP)).")
  Integer dp;

  @Option(names = "--cp", defaultValue = "1", description = "Context-parallel size (default: ${DEFAULT-VALUE}).")
  int cp;

  @Option(names = "--ep", defaultValue = "1", description = "Expert-parallel size (default: ${DEFAULT-VALUE}).")
  int ep;

  @Option(names = "--vpp", defaultValue = "1", description = "Virtual pipeline stages per GPU (interleaved 1F1B).")
  int vpp;

  @Option(names = {"-b", "--micro-batch"}, defaultValue = "1", description = "Sequences per micro-batch (default: "
      + "${DEFAULT-VALUE}).")
  int microBatch;

  @Option(names = "--global-batch", paramLabel = "SEQS", description = "Sequences per optimizer step (default: "
      + "micro-batch x DP x PP, enough to fill the pipeline).")
  Integer globalBatch;

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
  }

  @Option(names = "--shard-group", paramLabel = "N", description = "Ranks per shard group under --fsdp hybrid "
      + "(default: GPUs per node).")
  Integer shardGroup;

  @Option(names = "--recompute", defaultValue = "none", paramLabel = "MODE", description = "Activation recompute: "
      + "none, selective or full (default: ${DEFAULT-VALUE}).")
  String recompute;

  @Option(names = "--sequence-parallel", description = "Megatron sequence parallelism (needs TP > 1).")
  boolean sequenceParallel;

  @Option(names = "--precision", defaultValue = "bf16", description = "Compute precision: bf16, fp16, fp8 or fp32 "
      + "(default: ${DEFAULT-VALUE}).")
  String precision;

  @Option(names = "--policy", paramLabel = "NAME", description = "State precision policy: megatron (18 B/param "
      + "with Adam), zero (16), amp (16, FP32 weights), pure (8). Default: the framework's.")
  String policy;

  @Option(names = "--optimizer", defaultValue = "adamw", description = "adamw, adam, sgd, adafactor or adam8bit "
      + "(default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(names = {"-f", "--framework"}, defaultValue = "megatron", description = "megatron, deepspeed, fsdp or hf "
      + "(default: ${DEFAULT-VALUE}).")
  String framework;

  @Option(names = "--attention", paramLabel = "IMPL", description = "flash, sdpa or eager (default: the "
      + "framework's).")
  String attention;

  @Option(names = {"--offload-optimizer", "--offload"}, defaultValue = "none", paramLabel = "TARGET",
      description = "Move master weights, optimizer states and FP32 gradients to cpu or nvme (ZeRO-Offload).")
  String offloadOptimizer;

  @Option(names = "--offload-params", defaultValue = "none", paramLabel = "TARGET", description = "Move parameters "
      + "to cpu or nvme (ZeRO-3/FSDP).")
  String offloadParams;

  @Option(names = "--capacity-factor", paramLabel = "C", description = "MoE expert capacity factor (default: the "
      + "model's, else dropless).")
  Double capacityFactor;

  @Option(names = "--host-memory", paramLabel = "GIB", description = "CPU memory per node in GiB (default: the "
      + "node's).")
  Double hostMemoryGiB;

  /** Builds and checks the job; every mistake surfaces as a PlanInputException with what to change. */
  public TrainingJob toJob(Catalog catalog) {
    ModelSpec m = catalog.model(model);
    if (capacityFactor != null) {
      InvalidValueException.requireInRange("--capacity-factor", capacityFactor, 0.01, 1000);
      if (!m.isMoe()) {
        throw new InvalidValueException("--capacity-factor applies to MoE models; " + m.name() + " is dense");
      }
      m = m.withCapacityFactor(capacityFactor);
    }
    ClusterSpec clusterSpec = cluster == null ? null : catalog.cluster(cluster);
    NodeType nodeType = node != null ? catalog.node(node) : clusterSpec != null ? catalog.node(clusterSpec.node())
        : null;
    String gpuName = gpu != null ? gpu : nodeType != null ? nodeType.gpu() : null;
    if (gpuName == null) {
      throw new InvalidValueException("say which accelerator: --gpu NAME, --node NAME or --cluster NAME");
    }
    Accelerator accelerator = catalog.gpu(gpuName);
    FrameworkProfile f = catalog.framework(framework);
    int perNode = gpusPerNode != null ? gpusPerNode : nodeType != null ? nodeType.gpusPerNode() : 8;

    InvalidValueException.requirePositive("--tp", tp);
    InvalidValueException.requirePositive("--pp", pp);
    InvalidValueException.requirePositive("--cp", cp);
    InvalidValueException.requirePositive("--ep", ep);
    InvalidValueException.requirePositive("--vpp", vpp);
    InvalidValueException.requirePositive("--micro-batch", microBatch);
    int modelParallel = tp * pp * cp;
    int total;
    if (gpus != null) {
      total = InvalidValueException.requirePositive("--gpus", gpus);
    } else if (clusterSpec != null && dp == null) {
      total = clusterSpec.nodes() * perNode;
    } else {
      total = modelParallel * (dp == null ? 1 : InvalidValueException.requirePositive("--dp", dp));
    }
    if (total % modelParallel != 0) {
      throw new InvalidLayoutException("GPUs " + total + " are not divisible by TP x PP x CP = " + modelParallel
          + "; change --gpus or the layout");
    }
    int dataParallel = dp != null ? InvalidValueException.requirePositive("--dp", dp) : total / modelParallel;

    Sharding s = sharding(f);
    int group = shardGroup != null ? shardGroup : s == Sharding.FSDP_HYBRID ? Math.min(perNode, dataParallel) : 0;
    Parallelism p = new Parallelism(tp, pp, dataParallel, cp, ep, vpp, microBatch, sequenceParallel, s, group,
        Recompute.parse(recompute), OffloadTarget.parse(offloadOptimizer), OffloadTarget.parse(offloadParams));
    int sequence = seq != null ? seq : defaultSeq(m);
    int batch = globalBatch != null ? globalBatch : microBatch * dataParallel * pp;
    double host = hostMemoryGiB != null ? hostMemoryGiB : nodeType != null ? nodeType.hostMemoryGiB() : 0;
    Precision compute = Precision.parse(precision);
    PrecisionPolicy statePolicy = policy != null ? PrecisionPolicy.parse(policy) : f.policy();
    AttentionImpl impl = attention != null ? AttentionImpl.parse(attention) : f.attention();
    return new TrainingJob(m, accelerator, total, perNode, p, sequence, batch, compute, statePolicy,
        Optimizer.parse(optimizer), f, impl, host);
  }

  private Sharding sharding(FrameworkProfile f) {
    if (sharding.zero != null) {
      return Sharding.zeroStage(sharding.zero);
    }
    if (sharding.fsdp != null) {
      return Sharding.parse("fsdp-" + sharding.fsdp.replaceFirst("^fsdp-", ""));
    }
    if (sharding.distributedOptimizer) {
      return Sharding.DISTRIBUTED_OPTIMIZER;
    }
    return f.defaultSharding();
  }

  private static int defaultSeq(ModelSpec m) {
    int limit = m.positional() == Positional.LEARNED ? m.positionRows() : m.maxPosition();
    return limit > 0 ? Math.min(4096, limit) : 4096;
  }
}
