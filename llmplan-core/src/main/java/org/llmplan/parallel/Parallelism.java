package org.llmplan.parallel;

/**
 * A training layout: how many ways each dimension splits the work, and what the data-parallel ranks shard.
 *
 * @param tp tensor parallel
 * @param pp pipeline parallel (stages)
 * @param dp data parallel
 * @param cp context parallel (sequence split across ranks in attention)
 * @param ep expert parallel (MoE experts split across data/context-parallel ranks)
 * @param vpp virtual pipeline stages per GPU (interleaved 1F1B); 1 means plain 1F1B
 * @param microBatch sequences per micro-batch
 * @param sequenceParallel Megatron sequence parallelism (splits norm and dropout activations across TP)
 * @param shardGroup ranks that shard the state under hybrid FSDP; 0 means all data-parallel ranks
 * @param offloadOptimizer where master weights and optimizer states live
 * @param offloadParameters where parameters live between uses (ZeRO-3/FSDP only)
 * @param firstStageLayers layers of the first pipeline stage when the split is uneven; 0 = even split
 * @param lastStageLayers layers of the last pipeline stage when the split is uneven; 0 = even split
 * @param embeddingInSplit the split counts the embedding as a layer of the first stage (Megatron's
 *     --account-for-embedding-in-pipeline-split)
 * @param lossInSplit the split counts the LM head and loss as a layer of the last stage (Megatron's
 *     --account-for-loss-in-pipeline-split)
 */
public record Parallelism(
    int tp,
    int pp,
    int dp,
    int cp,
    int ep,
    int vpp,
    int microBatch,
    boolean sequenceParallel,
    Sharding sharding,
    int shardGroup,
    Recompute recompute,
    OffloadTarget offloadOptimizer,
    OffloadTarget offloadParameters,
    int firstStageLayers,
    int lastStageLayers,
    boolean embeddingInSplit,
    boolean lossInSplit) {

  /** A layout whose pipeline split counts only transformer layers. */
  public Parallelism(int tp, int pp, int dp, int cp, int ep, int vpp, int microBatch, boolean sequenceParallel,
      Sharding sharding, int shardGroup, Recompute recompute, OffloadTarget offloadOptimizer,
      OffloadTarget offloadParameters, int firstStageLayers, int lastStageLayers) {
    this(tp, pp, dp, cp, ep, vpp, microBatch, sequenceParallel, sharding, shardGroup, recompute, offloadOptimizer,
        offloadParameters, firstStageLayers, lastStageLayers, false, false);
  }

  public int gpus() {
    return tp * pp * dp * cp;
  }

  /** Ranks that hold a copy of the same dense weights and reduce their gradients together. */
  public int denseDataParallel() {
    return dp * cp;
  }

  /** Ranks that split dense training state under the chosen sharding. */
  public int denseShards() {
    if (sharding == Sharding.FSDP_HYBRID && shardGroup > 0) {
      return shardGroup;
    }
    return denseDataParallel();
  }

  /**
   * Ranks one expert's weights split over: TP, Megatron's default for --expert-tensor-parallel-size, where EP
   * fits in DP x CP; 1 where EP is folded over the tensor-parallel ranks too (MoE parallel folding, Liu et al.
   * 2025, arXiv 2504.14960: the expert layers get their own ETP x EP x EDP grid, so EP may span TP x CP x DP).
   */
  public int expertTensorParallel() {
    return denseDataParallel() % ep == 0 ? tp : 1;
  }

  /** Ranks that hold the same experts and reduce their gradients together: TP x CP x DP / (EP x ETP). */
  public int expertDataParallel() {
    return Math.max(1, tp * cp * dp / (ep * expertTensorParallel()));
  }

  /** Ranks that split one expert's training state: the expert data-parallel size. */
  public int expertShards() {
    int expertDp = expertDataParallel();
    if (sharding == Sharding.FSDP_HYBRID && shardGroup > 0) {
      return Math.max(1, Math.min(expertDp, shardGroup / ep));
    }
    return expertDp;
  }

  /** Whether the first or last stage holds a number of layers of its own (Megatron's uneven split). */
  public boolean unevenSplit() {
    return firstStageLayers > 0 || lastStageLayers > 0;
  }

  public boolean interleaved() {
    return vpp > 1;
  }

  /** Whether SP is in effect: it needs TP above 1 (Megatron turns it off otherwise). */
  public boolean effectiveSequenceParallel() {
    return sequenceParallel && tp > 1;
  }

  /** A layout with every dimension 1, nothing sharded, recomputed or offloaded, to change with setters. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this layout, to derive a changed copy: {@code p.toBuilder().tp(8).build()}. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.tp = tp;
    b.pp = pp;
    b.dp = dp;
    b.cp = cp;
    b.ep = ep;
    b.vpp = vpp;
    b.microBatch = microBatch;
    b.sequenceParallel = sequenceParallel;
    b.sharding = sharding;
    b.shardGroup = shardGroup;
    b.recompute = recompute;
    b.offloadOptimizer = offloadOptimizer;
    b.offloadParameters = offloadParameters;
    b.firstStageLayers = firstStageLayers;
    b.lastStageLayers = lastStageLayers;
    b.embeddingInSplit = embeddingInSplit;
    b.lossInSplit = lossInSplit;
    return b;
  }

  /** Sets the fields of a layout by name; {@link #build} makes the record. */
  public static final class Builder {
    private int tp = 1;
    private int pp = 1;
    private int dp = 1;
    private int cp = 1;
    private int ep = 1;
    private int vpp = 1;
    private int microBatch = 1;
    private boolean sequenceParallel;
    private Sharding sharding = Sharding.NONE;
    private int shardGroup;
    private Recompute recompute = Recompute.NONE;
    private OffloadTarget offloadOptimizer = OffloadTarget.NONE;
    private OffloadTarget offloadParameters = OffloadTarget.NONE;
    private int firstStageLayers;
    private int lastStageLayers;
    private boolean embeddingInSplit;
    private boolean lossInSplit;

    private Builder() {}

    public Builder tp(int value) {
      tp = value;
      return this;
    }

    public Builder pp(int value) {
      pp = value;
      return this;
    }

    public Builder dp(int value) {
      dp = value;
      return this;
    }

    public Builder cp(int value) {
      cp = value;
      return this;
    }

    public Builder ep(int value) {
      ep = value;
      return this;
    }

    public Builder vpp(int value) {
      vpp = value;
      return this;
    }

    public Builder microBatch(int value) {
      microBatch = value;
      return this;
    }

    public Builder sequenceParallel(boolean value) {
      sequenceParallel = value;
      return this;
    }

    public Builder sharding(Sharding value) {
      sharding = value;
      return this;
    }

    public Builder shardGroup(int value) {
      shardGroup = value;
      return this;
    }

    public Builder recompute(Recompute value) {
      recompute = value;
      return this;
    }

    public Builder offloadOptimizer(OffloadTarget value) {
      offloadOptimizer = value;
      return this;
    }

    public Builder offloadParameters(OffloadTarget value) {
      offloadParameters = value;
      return this;
    }

    public Builder firstStageLayers(int value) {
      firstStageLayers = value;
      return this;
    }

    public Builder lastStageLayers(int value) {
      lastStageLayers = value;
      return this;
    }

    public Builder embeddingInSplit(boolean value) {
      embeddingInSplit = value;
      return this;
    }

    public Builder lossInSplit(boolean value) {
      lossInSplit = value;
      return this;
    }

    public Parallelism build() {
      return new Parallelism(tp, pp, dp, cp, ep, vpp, microBatch, sequenceParallel, sharding, shardGroup, recompute,
          offloadOptimizer, offloadParameters, firstStageLayers, lastStageLayers, embeddingInSplit, lossInSplit);
    }
  }

  /**
   * A short label such as "TP8 PP8 DP16 mb1 SP recompute=selective sharding=dist-opt" ("PP7(first 3, last 2)",
   * "PP8x8(+embedding +loss)" when the split counts them as layers).
   */
  public String label() {
    StringBuilder b = new StringBuilder();
    b.append("TP").append(tp).append(" PP").append(pp);
    if (vpp > 1) {
      b.append("x").append(vpp);
    }
    if (unevenSplit()) {
      b.append('(').append(firstStageLayers > 0 ? "first " + firstStageLayers : "")
          .append(firstStageLayers > 0 && lastStageLayers > 0 ? ", " : "")
          .append(lastStageLayers > 0 ? "last " + lastStageLayers : "").append(')');
    }
    if (embeddingInSplit || lossInSplit) {
      b.append('(').append(embeddingInSplit ? "+embedding" : "").append(embeddingInSplit && lossInSplit ? " " : "")
          .append(lossInSplit ? "+loss" : "").append(')');
    }
    b.append(" DP").append(dp);
    if (cp > 1) {
      b.append(" CP").append(cp);
    }
    if (ep > 1) {
      b.append(" EP").append(ep);
    }
    b.append(" mb").append(microBatch);
    if (effectiveSequenceParallel()) {
      b.append(" SP");
    }
    b.append(" recompute=").append(recompute.label());
    b.append(" sharding=").append(sharding.label());
    if (offloadOptimizer != OffloadTarget.NONE) {
      b.append(" offload-optimizer=").append(offloadOptimizer.label());
    }
    if (offloadParameters != OffloadTarget.NONE) {
      b.append(" offload-params=").append(offloadParameters.label());
    }
    return b.toString();
  }
}
