package org.llmplan.request;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidLayoutException;
import org.llmplan.error.InvalidValueException;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.ClusterSpec;
import org.llmplan.hardware.NodeType;
import org.llmplan.hardware.ScaleOut;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.Positional;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;
import org.llmplan.profile.AttentionImpl;
import org.llmplan.profile.FrameworkProfile;
import org.llmplan.profile.PrecisionPolicy;
import org.llmplan.train.Optimizer;
import org.llmplan.train.QuantizationRecipe;
import org.llmplan.train.TrainingJob;

/**
 * A training question as a user states it: the model and five parts, each field of them left out (null) for
 * the default. The command line and the HTTP API both fill one in; {@link #toJob} resolves names against the
 * catalog, applies the defaults and checks every rule, so both faces answer the same way. In JSON (the API's
 * body, a plan file's training section) it is one flat object with the parts' fields ({@link FlatJson}).
 *
 * <p>Defaults: those that stand alone are {@link #DEFAULTS}. The others follow from what is stated: the GPU
 * from the node or cluster; GPUs per node from the node, else {@value #DEFAULT_GPUS_PER_NODE}; GPUs = the whole
 * cluster, else TP x PP x CP x DP; DP = GPUs / (TP x PP x CP); sequence {@value #DEFAULT_SEQ} or the model's
 * context if shorter; global batch = micro-batch x DP x PP (enough micro-batches to fill the pipeline);
 * sharding, precision policy and attention from the framework; the hybrid-FSDP shard group the node (or DP
 * if smaller); host memory from the node.
 *
 * @param model a catalog model name or a config.json path
 */
@JsonDeserialize(using = FlatJson.Deserializer.class)
public record TrainingRequest(
    String model,
    @JsonUnwrapped HardwareChoice hardware,
    @JsonUnwrapped LayoutChoice layout,
    @JsonUnwrapped BatchShape batch,
    @JsonUnwrapped PrecisionRecipe recipe,
    @JsonUnwrapped FrameworkOptions frameworkOptions,
    @JsonUnwrapped AdapterChoice adapters) {

  public static final int DEFAULT_SEQ = 4096;
  public static final int DEFAULT_GPUS_PER_NODE = 8;

  /** What each field left out means where it does not depend on the others. */
  public static final TrainingRequest DEFAULTS = of(null)
      .with(LayoutChoice.builder().tp(1).pp(1).cp(1).ep(1).vpp(1).microBatch(1).recompute("none")
          .sequenceParallel(false).offloadOptimizer("none").offloadParams("none").build())
      .with(PrecisionRecipe.builder().precision("bf16").optimizer("adamw").build())
      .with(FrameworkOptions.builder().framework("megatron").build());

  /** Parts are never null: a part left out is one with nothing stated. */
  public TrainingRequest {
    hardware = Unset.or(hardware, HardwareChoice.UNSET);
    layout = Unset.or(layout, LayoutChoice.UNSET);
    batch = Unset.or(batch, BatchShape.UNSET);
    recipe = Unset.or(recipe, PrecisionRecipe.UNSET);
    frameworkOptions = Unset.or(frameworkOptions, FrameworkOptions.UNSET);
    adapters = Unset.or(adapters, AdapterChoice.UNSET);
  }

  /** The request with these parts and no adapters (full training). */
  public TrainingRequest(String model, HardwareChoice hardware, LayoutChoice layout, BatchShape batch,
      PrecisionRecipe recipe, FrameworkOptions frameworkOptions) {
    this(model, hardware, layout, batch, recipe, frameworkOptions, AdapterChoice.UNSET);
  }

  /** The request for {@code model} with nothing else stated. */
  public static TrainingRequest of(String model) {
    return new TrainingRequest(model, HardwareChoice.UNSET, LayoutChoice.UNSET, BatchShape.UNSET,
        PrecisionRecipe.UNSET, FrameworkOptions.UNSET);
  }

  public TrainingRequest with(HardwareChoice h) {
    return new TrainingRequest(model, h, layout, batch, recipe, frameworkOptions, adapters);
  }

  public TrainingRequest with(LayoutChoice l) {
    return new TrainingRequest(model, hardware, l, batch, recipe, frameworkOptions, adapters);
  }

  public TrainingRequest with(BatchShape b) {
    return new TrainingRequest(model, hardware, layout, b, recipe, frameworkOptions, adapters);
  }

  public TrainingRequest with(PrecisionRecipe r) {
    return new TrainingRequest(model, hardware, layout, batch, r, frameworkOptions, adapters);
  }

  public TrainingRequest with(FrameworkOptions f) {
    return new TrainingRequest(model, hardware, layout, batch, recipe, f, adapters);
  }

  public TrainingRequest with(AdapterChoice a) {
    return new TrainingRequest(model, hardware, layout, batch, recipe, frameworkOptions, a);
  }

  public TrainingJob toJob(Catalog catalog) {
    if (model == null || model.isBlank()) {
      throw new InvalidValueException("say which model: a catalog name or a config.json path");
    }
    return toJob(catalog, catalog.model(model));
  }

  /** The job for a model resolved elsewhere (a validation row's own architecture); {@code model} is ignored. */
  public TrainingJob toJob(Catalog catalog, ModelSpec resolvedModel) {
    LayoutChoice l = layout.orElse(DEFAULTS.layout);
    PrecisionRecipe r = recipe.orElse(DEFAULTS.recipe);
    FrameworkOptions fo = frameworkOptions.orElse(DEFAULTS.frameworkOptions);
    ModelSpec m = withCapacityFactor(resolvedModel, fo.capacityFactor());
    ResolvedHardware hw = ResolvedHardware.of(catalog, hardware);
    FrameworkProfile f = catalog.framework(fo.framework());
    if (fo.overlapGradReduce() != null) {
      f = f.withDpOverlap(fo.overlapGradReduce() ? 1 : 0);
    }
    if (fo.headroom() != null) {
      f = f.withMemoryHeadroom(InvalidValueException.requireInRange("headroom", fo.headroom(), 0, 0.5));
    }
    int gpus = gpuCount(l, hw);
    Parallelism p = parallelism(l, gpus, hw.gpusPerNode(), f);
    // checked before the batch in tokens is divided by it
    int sequence = batch.seq() != null ? (int) InvalidValueException.requireInRange("sequence length", batch.seq(), 1,
        TrainingJob.MAX_SEQ) : defaultSeq(m);
    int global = globalBatch(p, sequence);
    PrecisionPolicy statePolicy = r.policy() != null ? PrecisionPolicy.parse(r.policy()) : f.policy();
    AttentionImpl impl = fo.attention() != null ? AttentionImpl.parse(fo.attention()) : f.attention();
    return new TrainingJob(m, hw.gpu(), gpus, hw.gpusPerNode(), p, sequence, global,
        QuantizationRecipe.computePrecision(r.precision()), statePolicy, Optimizer.parse(r.optimizer()), f, impl,
        hw.hostMemoryGiB(), hw.scaleOut(), QuantizationRecipe.parse(r.precision()), adapters.toSpec(m))
        .requireRunnable();
  }

  private static ModelSpec withCapacityFactor(ModelSpec m, Double capacityFactor) {
    if (capacityFactor == null) {
      return m;
    }
    InvalidValueException.requireInRange("capacity factor", capacityFactor, 0.01, 1000);
    if (!m.isMoe()) {
      throw new InvalidValueException("a capacity factor applies to MoE models; " + m.name() + " is dense");
    }
    return m.withCapacityFactor(capacityFactor);
  }

  /** The catalog entries the hardware names, with the GPU count and host memory they imply. */
  private record ResolvedHardware(ClusterSpec cluster, Accelerator gpu, int gpusPerNode, double hostMemoryGiB,
      ScaleOut scaleOut, Integer gpus) {

    static ResolvedHardware of(Catalog catalog, HardwareChoice h) {
      ClusterSpec cluster = h.cluster() == null ? null : catalog.cluster(h.cluster());
      NodeType node = h.node() != null ? catalog.node(h.node())
          : cluster != null ? catalog.node(cluster.node()) : null;
      String gpuName = h.gpu() != null ? h.gpu() : node != null ? node.gpu() : null;
      if (gpuName == null) {
        throw new InvalidValueException("say which accelerator: a GPU, a node or a cluster name");
      }
      Accelerator gpu = catalog.gpu(gpuName);
      int perNode = h.gpusPerNode() != null ? h.gpusPerNode()
          : node != null ? node.gpusPerNode() : DEFAULT_GPUS_PER_NODE;
      double host = h.hostMemoryGiB() != null ? h.hostMemoryGiB() : node != null ? node.hostMemoryGiB() : 0;
      // The cluster's fabric, else the node's, else the catalog's default for this GPU.
      ScaleOut scaleOut = node == null ? catalog.defaultScaleOut(gpu.name())
          : ScaleOut.of(node, catalog.fabric(cluster != null ? cluster.fabric() : node.nicFabric()));
      return new ResolvedHardware(cluster, gpu, perNode, host, scaleOut, h.gpus());
    }
  }

  /** The GPUs stated, else the whole cluster (when DP is not stated), else what the layout multiplies to. */
  private static int gpuCount(LayoutChoice l, ResolvedHardware hw) {
    int modelParallel = modelParallel(l);
    int total;
    if (hw.gpus() != null) {
      total = positive("gpus", hw.gpus());
    } else if (hw.cluster() != null && l.dp() == null) {
      total = hw.cluster().nodes() * hw.gpusPerNode();
    } else {
      long requested = (long) modelParallel * (l.dp() == null ? 1 : positive("dp", l.dp()));
      InvalidValueException.requireInRange("gpus", requested, 1, 1_000_000);
      total = (int) requested;
    }
    int clusterGpus = hw.cluster() == null ? Integer.MAX_VALUE : hw.cluster().nodes() * hw.gpusPerNode();
    if (total > clusterGpus) {
      throw new InvalidValueException("cluster " + hw.cluster().name() + " has " + clusterGpus + " GPUs, fewer than "
          + total + "; ask for at most " + clusterGpus + " or leave out --cluster");
    }
    if (total % modelParallel != 0) {
      throw new InvalidLayoutException("GPUs " + total + " are not divisible by TP x PP x CP = " + modelParallel
          + "; change the GPU count or the layout");
    }
    return total;
  }

  private static int modelParallel(LayoutChoice l) {
    long product = (long) positive("tp", l.tp()) * positive("pp", l.pp()) * positive("cp", l.cp());
    InvalidValueException.requireInRange("TP x PP x CP", product, 1, 1_000_000);
    return (int) product;
  }

  private static Parallelism parallelism(LayoutChoice l, int gpus, int gpusPerNode, FrameworkProfile f) {
    int d = l.dp() != null ? positive("dp", l.dp()) : gpus / modelParallel(l);
    if (l.shardGroup() != null) {
      InvalidValueException.requireInRange("shard group", l.shardGroup(), 0, 1_000_000);
    }
    int mb = positive("micro-batch", l.microBatch());
    Sharding s = l.sharding() != null ? Sharding.parse(l.sharding()) : f.defaultSharding();
    int group = l.shardGroup() != null ? l.shardGroup() : s == Sharding.FSDP_HYBRID ? Math.min(gpusPerNode, d) : 0;
    return Parallelism.builder().tp(l.tp()).pp(l.pp()).dp(d).cp(l.cp()).ep(positive("ep", l.ep()))
        .vpp(positive("vpp", l.vpp())).microBatch(mb).sequenceParallel(l.sequenceParallel()).sharding(s)
        .shardGroup(group).recompute(Recompute.parse(l.recompute()))
        .offloadOptimizer(OffloadTarget.parse(l.offloadOptimizer()))
        .offloadParameters(OffloadTarget.parse(l.offloadParams()))
        .firstStageLayers(nonNegative("first stage layers", l.firstStageLayers()))
        .lastStageLayers(nonNegative("last stage layers", l.lastStageLayers()))
        .embeddingInSplit(Boolean.TRUE.equals(l.embeddingInSplit())).lossInSplit(Boolean.TRUE.equals(l.lossInSplit()))
        .build();
  }

  /** Sequences per step: as stated (in sequences or tokens), else enough micro-batches to fill the pipeline. */
  private int globalBatch(Parallelism p, int sequence) {
    Integer sequences = batch.globalBatch();
    Long tokens = batch.globalBatchTokens();
    if (sequences != null && tokens != null) {
      throw new InvalidValueException("give the global batch in sequences or in tokens, not both");
    }
    long global = sequences != null ? sequences : (long) p.microBatch() * p.dp() * p.pp();
    if (tokens != null) {
      if (tokens <= 0 || tokens % sequence != 0) {
        throw new InvalidValueException("global batch of " + tokens + " tokens must be a positive "
            + "multiple of the sequence length " + sequence);
      }
      global = tokens / sequence;
    }
    return (int) InvalidValueException.requireInRange("global batch", global, 1, 100_000_000);
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
    return limit > 0 ? Math.min(DEFAULT_SEQ, limit) : DEFAULT_SEQ;
  }
}
