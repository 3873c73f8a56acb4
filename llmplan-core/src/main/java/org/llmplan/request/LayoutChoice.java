package org.llmplan.request;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.llmplan.parallel.Parallelism;

/**
 * How a training job splits over its GPUs, as a user states it: each field left out (null) takes the default
 * of {@link TrainingRequest#toJob}. {@link #of} writes a resolved layout out in full.
 *
 * @param tp tensor parallel
 * @param pp pipeline parallel (stages)
 * @param dp data parallel
 * @param cp context parallel
 * @param ep expert parallel
 * @param vpp virtual pipeline stages per GPU (interleaved 1F1B)
 * @param microBatch sequences per micro-batch
 * @param sharding none, zero1, zero2, zero3, dist-opt, fsdp-grad-op, fsdp-full or fsdp-hybrid
 * @param shardGroup ranks per shard group under hybrid FSDP
 * @param recompute activation recompute: none, selective or full
 * @param sequenceParallel Megatron sequence parallelism
 * @param offloadOptimizer where master weights and optimizer states live: none, cpu or nvme
 * @param offloadParams where parameters live between uses: none, cpu or nvme
 * @param firstStageLayers layers on the first pipeline stage (Megatron's --decoder-first-pipeline-num-layers);
 *     null for an even split
 * @param lastStageLayers layers on the last pipeline stage; null for an even split
 * @param embeddingInSplit the pipeline split counts the embedding as a layer of the first stage (Megatron's
 *     --account-for-embedding-in-pipeline-split); null or false: it does not
 * @param lossInSplit the pipeline split counts the LM head and loss as a layer of the last stage (Megatron's
 *     --account-for-loss-in-pipeline-split); null or false: it does not. Both are left out of the JSON when
 *     unset, so a plan file written before they existed is written the same way
 */
@JsonClassDescription("how the GPUs split the work")
public record LayoutChoice(
    Integer tp,
    Integer pp,
    Integer dp,
    Integer cp,
    Integer ep,
    Integer vpp,
    Integer microBatch,
    String sharding,
    Integer shardGroup,
    String recompute,
    Boolean sequenceParallel,
    String offloadOptimizer,
    String offloadParams,
    Integer firstStageLayers,
    Integer lastStageLayers,
    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean embeddingInSplit,
    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean lossInSplit) {

  /** Nothing stated: every field takes its default. */
  public static final LayoutChoice UNSET = builder().build();

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these fields, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.tp = tp;
    b.pp = pp;
    b.dp = dp;
    b.cp = cp;
    b.ep = ep;
    b.vpp = vpp;
    b.microBatch = microBatch;
    b.sharding = sharding;
    b.shardGroup = shardGroup;
    b.recompute = recompute;
    b.sequenceParallel = sequenceParallel;
    b.offloadOptimizer = offloadOptimizer;
    b.offloadParams = offloadParams;
    b.firstStageLayers = firstStageLayers;
    b.lastStageLayers = lastStageLayers;
    b.embeddingInSplit = embeddingInSplit;
    b.lossInSplit = lossInSplit;
    return b;
  }

  /** These fields, each one left out taken from {@code fallback}. */
  public LayoutChoice orElse(LayoutChoice fallback) {
    return new LayoutChoice(Unset.or(tp, fallback.tp), Unset.or(pp, fallback.pp), Unset.or(dp, fallback.dp),
        Unset.or(cp, fallback.cp), Unset.or(ep, fallback.ep), Unset.or(vpp, fallback.vpp),
        Unset.or(microBatch, fallback.microBatch), Unset.or(sharding, fallback.sharding),
        Unset.or(shardGroup, fallback.shardGroup), Unset.or(recompute, fallback.recompute),
        Unset.or(sequenceParallel, fallback.sequenceParallel), Unset.or(offloadOptimizer, fallback.offloadOptimizer),
        Unset.or(offloadParams, fallback.offloadParams), Unset.or(firstStageLayers, fallback.firstStageLayers),
        Unset.or(lastStageLayers, fallback.lastStageLayers), Unset.or(embeddingInSplit, fallback.embeddingInSplit),
        Unset.or(lossInSplit, fallback.lossInSplit));
  }

  /** Every field of {@code p} written out (an even split as no stage layers), so it rebuilds exactly {@code p}. */
  public static LayoutChoice of(Parallelism p) {
    return builder().tp(p.tp()).pp(p.pp()).dp(p.dp()).cp(p.cp()).ep(p.ep()).vpp(p.vpp()).microBatch(p.microBatch())
        .sharding(p.sharding().label()).shardGroup(p.shardGroup()).recompute(p.recompute().label())
        .sequenceParallel(p.sequenceParallel()).offloadOptimizer(p.offloadOptimizer().label())
        .offloadParams(p.offloadParameters().label())
        .firstStageLayers(p.firstStageLayers() > 0 ? p.firstStageLayers() : null)
        .lastStageLayers(p.lastStageLayers() > 0 ? p.lastStageLayers() : null)
        .embeddingInSplit(p.embeddingInSplit() ? true : null).lossInSplit(p.lossInSplit() ? true : null).build();
  }

  /** Sets the fields by name; what is not set stays unstated (null). */
  public static final class Builder {
    private Integer tp;
    private Integer pp;
    private Integer dp;
    private Integer cp;
    private Integer ep;
    private Integer vpp;
    private Integer microBatch;
    private String sharding;
    private Integer shardGroup;
    private String recompute;
    private Boolean sequenceParallel;
    private String offloadOptimizer;
    private String offloadParams;
    private Integer firstStageLayers;
    private Integer lastStageLayers;
    private Boolean embeddingInSplit;
    private Boolean lossInSplit;

    private Builder() {}

    public Builder tp(Integer value) {
      tp = value;
      return this;
    }

    public Builder pp(Integer value) {
      pp = value;
      return this;
    }

    public Builder dp(Integer value) {
      dp = value;
      return this;
    }

    public Builder cp(Integer value) {
      cp = value;
      return this;
    }

    public Builder ep(Integer value) {
      ep = value;
      return this;
    }

    public Builder vpp(Integer value) {
      vpp = value;
      return this;
    }

    public Builder microBatch(Integer value) {
      microBatch = value;
      return this;
    }

    public Builder sharding(String value) {
      sharding = value;
      return this;
    }

    public Builder shardGroup(Integer value) {
      shardGroup = value;
      return this;
    }

    public Builder recompute(String value) {
      recompute = value;
      return this;
    }

    public Builder sequenceParallel(Boolean value) {
      sequenceParallel = value;
      return this;
    }

    public Builder offloadOptimizer(String value) {
      offloadOptimizer = value;
      return this;
    }

    public Builder offloadParams(String value) {
      offloadParams = value;
      return this;
    }

    public Builder firstStageLayers(Integer value) {
      firstStageLayers = value;
      return this;
    }

    public Builder lastStageLayers(Integer value) {
      lastStageLayers = value;
      return this;
    }

    public Builder embeddingInSplit(Boolean value) {
      embeddingInSplit = value;
      return this;
    }

    public Builder lossInSplit(Boolean value) {
      lossInSplit = value;
      return this;
    }

    public LayoutChoice build() {
      return new LayoutChoice(tp, pp, dp, cp, ep, vpp, microBatch, sharding, shardGroup, recompute, sequenceParallel,
          offloadOptimizer, offloadParams, firstStageLayers, lastStageLayers, embeddingInSplit, lossInSplit);
    }
  }
}
