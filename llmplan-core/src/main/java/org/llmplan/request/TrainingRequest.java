package org.llmplan.request;

import org.llmplan.train.TrainingJob;
import org.llmplan.train.Optimizer;
import org.llmplan.profile.PrecisionPolicy;
import org.llmplan.profile.AttentionImpl;
import org.llmplan.profile.FrameworkProfile;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidLayoutException;
import org.llmplan.error.InvalidValueException;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.ClusterSpec;
import org.llmplan.hardware.NodeType;
import org.llmplan.hardware.Precision;
import org.llmplan.hardware.ScaleOut;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.Positional;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;

/**
 * A training question as a user states it: names and numbers, any of them left out (null) for the default.
 * The command line and the HTTP API both fill one in; {@link #toJob} resolves names against the catalog,
 * applies the defaults below and checks every rule, so both faces answer the same way.
 *
 * <p>Defaults: GPU from the node or cluster; GPUs per node from the node, else 8; GPUs = the whole cluster,
 * else TP x PP x CP x DP; DP = GPUs / (TP x PP x CP); sequence 4096 or the model's context if shorter;
 * global batch = micro-batch x DP x PP (enough micro-batches to fill the pipeline); sharding, precision
 * policy and attention from the framework; host memory from the node.
 *
 * @param globalBatchTokens tokens per optimizer step, an alternative to globalBatch (sequences)
 * @param overlapGradReduce whether data-parallel gradient reduction overlaps the backward pass (Megatron's
 *     --overlap-grad-reduce, torch DDP); null keeps the framework's behaviour
 * @param firstStageLayers layers on the first pipeline stage (Megatron's --decoder-first-pipeline-num-layers);
 *     null for an even split
 * @param lastStageLayers layers on the last pipeline stage; null for an even split
 * @param sharding none, zero1, zero2, zero3, dist-opt, fsdp-grad-op, fsdp-full or fsdp-hybrid
 */
public record TrainingRequest(
    String model,
    String gpu,
    String cluster,
    String node,
    Integer gpus,
    Integer gpusPerNode,
    Integer tp,
    Integer pp,
    Integer dp,
    Integer cp,
    Integer ep,
    Integer vpp,
    Integer microBatch,
    Integer globalBatch,
    Long globalBatchTokens,
    Integer seq,
    String sharding,
    Integer shardGroup,
    String recompute,
    Boolean sequenceParallel,
    String precision,
    String policy,
    String optimizer,
    String framework,
    String attention,
    String offloadOptimizer,
    String offloadParams,
    Double capacityFactor,
    Double hostMemoryGiB,
    Boolean overlapGradReduce,
    Integer firstStageLayers,
    Integer lastStageLayers) {

  public TrainingJob toJob(Catalog catalog) {
    if (model == null || model.isBlank()) {
      throw new InvalidValueException("say which model: a catalog name or a config.json path");
    }
    return toJob(catalog, catalog.model(model));
  }

  /** The job for a model resolved elsewhere (a validation row's own architecture); {@code model} is ignored. */
  public TrainingJob toJob(Catalog catalog, ModelSpec resolvedModel) {
    ModelSpec m = resolvedModel;
    if (capacityFactor != null) {
      InvalidValueException.requireInRange("capacity factor", capacityFactor, 0.01, 1000);
      if (!m.isMoe()) {
        throw new InvalidValueException("a capacity factor applies to MoE models; " + m.name() + " is dense");
      }
      m = m.withCapacityFactor(capacityFactor);
    }
    ClusterSpec clusterSpec = cluster == null ? null : catalog.cluster(cluster);
    NodeType nodeType = node != null ? catalog.node(node)
        : clusterSpec != null ? catalog.node(clusterSpec.node()) : null;
    String gpuName = gpu != null ? gpu : nodeType != null ? nodeType.gpu() : null;
    if (gpuName == null) {
      throw new InvalidValueException("say which accelerator: a GPU, a node or a cluster name");
    }
    Accelerator accelerator = catalog.gpu(gpuName);
    FrameworkProfile f = catalog.framework(or(framework, "megatron"));
    if (overlapGradReduce != null) {
      f = f.withDpOverlap(overlapGradReduce ? 1 : 0);
    }
    int perNode = gpusPerNode != null ? gpusPerNode : nodeType != null ? nodeType.gpusPerNode() : 8;

    int t = positive("tp", or(tp, 1));
    int p = positive("pp", or(pp, 1));
    int c = positive("cp", or(cp, 1));
    long product = (long) t * p * c;
    InvalidValueException.requireInRange("TP x PP x CP", product, 1, 1_000_000);
    int modelParallel = (int) product;
    int total;
    if (gpus != null) {
      total = positive("gpus", gpus);
    } else if (clusterSpec != null && dp == null) {
      total = clusterSpec.nodes() * perNode;
    } else {
      long requested = (long) modelParallel * (dp == null ? 1 : positive("dp", dp));
      InvalidValueException.requireInRange("gpus", requested, 1, 1_000_000);
      total = (int) requested;
    }
    if (total % modelParallel != 0) {
      throw new InvalidLayoutException("GPUs " + total + " are not divisible by TP x PP x CP = " + modelParallel
          + "; change the GPU count or the layout");
    }
    int d = dp != null ? positive("dp", dp) : total / modelParallel;
    if (shardGroup != null) {
      InvalidValueException.requireInRange("shard group", shardGroup, 0, 1_000_000);
    }
    int mb = positive("micro-batch", or(microBatch, 1));

    Sharding s = sharding != null ? Sharding.parse(sharding) : f.defaultSharding();
    int group = shardGroup != null ? shardGroup : s == Sharding.FSDP_HYBRID ? Math.min(perNode, d) : 0;
    Parallelism layout = new Parallelism(t, p, d, c, positive("ep", or(ep, 1)), positive("vpp", or(vpp, 1)), mb,
        Boolean.TRUE.equals(sequenceParallel), s, group, Recompute.parse(or(recompute, "none")),
        OffloadTarget.parse(or(offloadOptimizer, "none")), OffloadTarget.parse(or(offloadParams, "none")),
        nonNegative("first stage layers", firstStageLayers), nonNegative("last stage layers", lastStageLayers));
    int sequence = seq != null ? seq : defaultSeq(m);
    if (globalBatch != null && globalBatchTokens != null) {
      throw new InvalidValueException("give the global batch in sequences or in tokens, not both");
    }
    long batch = globalBatch != null ? globalBatch : (long) mb * d * p;
    if (globalBatchTokens != null) {
      if (globalBatchTokens <= 0 || globalBatchTokens % sequence != 0) {
        throw new InvalidValueException("global batch of " + globalBatchTokens + " tokens must be a positive "
            + "multiple of the sequence length " + sequence);
      }
      batch = globalBatchTokens / sequence;
    }
    InvalidValueException.requireInRange("global batch", batch, 1, 100_000_000);
    double host = hostMemoryGiB != null ? hostMemoryGiB : nodeType != null ? nodeType.hostMemoryGiB() : 0;
    PrecisionPolicy statePolicy = policy != null ? PrecisionPolicy.parse(policy) : f.policy();
    AttentionImpl impl = attention != null ? AttentionImpl.parse(attention) : f.attention();
    return new TrainingJob(m, accelerator, total, perNode, layout, sequence, (int) batch,
        Precision.parse(or(precision, "bf16")), statePolicy, Optimizer.parse(or(optimizer, "adamw")), f, impl, host,
        scaleOut(catalog, nodeType, clusterSpec, accelerator));
  }

  /** The cluster's fabric, else the node's, else the catalog's default for this GPU. */
  private static ScaleOut scaleOut(Catalog catalog, NodeType node, ClusterSpec cluster, Accelerator gpu) {
    if (node == null) {
      return catalog.defaultScaleOut(gpu.name());
    }
    return ScaleOut.of(node, catalog.fabric(cluster != null ? cluster.fabric() : node.nicFabric()));
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }

  private static int nonNegative(String name, Integer value) {
    if (value == null) {
      return 0;
    }
    InvalidValueException.requireInRange(name, value, 1, 1_000_000);
    return value;
  }

  private static int positive(String name, int value) {
    InvalidValueException.requireInRange(name, value, 1, 1_000_000);
    return value;
  }

  private static int defaultSeq(ModelSpec m) {
    int limit = m.positional() == Positional.LEARNED ? m.positionRows() : m.maxPosition();
    return limit > 0 ? Math.min(4096, limit) : 4096;
  }
}
