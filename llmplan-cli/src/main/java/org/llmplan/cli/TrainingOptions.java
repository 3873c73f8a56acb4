package org.llmplan.cli;

import org.llmplan.catalog.Catalog;
import org.llmplan.parallel.Sharding;
import org.llmplan.request.HardwareChoice;
import org.llmplan.request.LayoutChoice;
import org.llmplan.train.TrainingJob;
import org.llmplan.request.TrainingRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options that describe a training job: the job ({@link JobOptions}), its hardware and its layout. */
public final class TrainingOptions {
  @Mixin
  JobOptions job;

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

  @Option(names = "--embedding-in-split", description = "The pipeline split counts the embedding as a layer of "
      + "the first stage (Megatron's --account-for-embedding-in-pipeline-split).")
  Boolean embeddingInSplit;

  @Option(names = "--loss-in-split", description = "The pipeline split counts the LM head and loss as a layer of "
      + "the last stage (Megatron's --account-for-loss-in-pipeline-split).")
  Boolean lossInSplit;

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

  @Option(names = {"--offload-optimizer", "--offload"}, paramLabel = "TARGET",
      description = "Move master weights, optimizer states and FP32 gradients to cpu or nvme (ZeRO-Offload).")
  String offloadOptimizer;

  @Option(names = "--offload-params", paramLabel = "TARGET", description = "Move parameters "
      + "to cpu or nvme (ZeRO-3/FSDP).")
  String offloadParams;

  /** The request these options state; defaults are the engine's (see TrainingRequest). */
  public TrainingRequest toRequest() {
    JobOptions j = job;
    return TrainingRequest.of(j.model)
        .with(HardwareChoice.builder().gpu(gpu).cluster(cluster).node(node).gpus(gpus).gpusPerNode(j.gpusPerNode)
            .hostMemoryGiB(j.hostMemoryGiB).build())
        .with(LayoutChoice.builder().tp(tp).pp(pp).dp(dp).cp(cp).ep(ep).vpp(vpp).microBatch(microBatch)
            .sharding(shardingLabel()).shardGroup(shardGroup).recompute(recompute)
            .sequenceParallel(sequenceParallel ? Boolean.TRUE : null).offloadOptimizer(offloadOptimizer)
            .offloadParams(offloadParams).firstStageLayers(firstStageLayers).lastStageLayers(lastStageLayers)
            .embeddingInSplit(embeddingInSplit).lossInSplit(lossInSplit).build())
        .with(j.batch()).with(j.recipe()).with(j.frameworkOptions()).with(j.adapters.choice());
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
