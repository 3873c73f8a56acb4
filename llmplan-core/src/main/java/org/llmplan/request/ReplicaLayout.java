package org.llmplan.request;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How one serving replica splits over its GPUs, as a user states it; any left out (null) takes the default
 * of {@link InferenceRequest#toDeployment}.
 *
 * @param tp tensor parallel
 * @param pp pipeline parallel
 * @param ep expert parallel: 1, or TP to keep experts whole
 * @param attentionDp attention (and dense layers) data-parallel over the TP GPUs, experts spread over them
 *     (TensorRT-LLM enable_attention_dp, SGLang --enable-dp-attention, vLLM DP + --enable-expert-parallel)
 */
@JsonClassDescription("how one replica splits over its GPUs")
public record ReplicaLayout(
    Integer tp,
    Integer pp,
    Integer ep,
    // left out of a plan file when unstated, so version-1 plans read and write back unchanged
    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean attentionDp) {

  /** Nothing stated: every field takes its default. */
  public static final ReplicaLayout UNSET = builder().build();

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these fields, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.tp = tp;
    b.pp = pp;
    b.ep = ep;
    b.attentionDp = attentionDp;
    return b;
  }

  /** These fields, each one left out taken from {@code fallback}. */
  public ReplicaLayout orElse(ReplicaLayout fallback) {
    return new ReplicaLayout(Unset.or(tp, fallback.tp), Unset.or(pp, fallback.pp), Unset.or(ep, fallback.ep),
        Unset.or(attentionDp, fallback.attentionDp));
  }

  /** Sets the fields by name; what is not set stays unstated (null). */
  public static final class Builder {
    private Integer tp;
    private Integer pp;
    private Integer ep;
    private Boolean attentionDp;

    private Builder() {}

    public Builder tp(Integer value) {
      tp = value;
      return this;
    }

    public Builder pp(Integer value) {
      pp = value;
      return this;
    }

    public Builder ep(Integer value) {
      ep = value;
      return this;
    }

    public Builder attentionDp(Boolean value) {
      attentionDp = value;
      return this;
    }

    public ReplicaLayout build() {
      return new ReplicaLayout(tp, pp, ep, attentionDp);
    }
  }
}
