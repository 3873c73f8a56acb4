package org.llmplan.request;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The training framework and the switches that change how it runs a model, as a user names them; any left
 * out (null) takes the default of {@link TrainingRequest#toJob}.
 *
 * @param framework catalog framework name, e.g. megatron, deepspeed, fsdp or hf
 * @param attention attention implementation: flash, sdpa or eager
 * @param overlapGradReduce whether data-parallel gradient reduction overlaps the backward pass (Megatron's
 *     --overlap-grad-reduce, torch DDP)
 * @param capacityFactor MoE expert capacity factor
 * @param headroom share of GPU memory a plan must leave free (default: the framework profile's margin)
 */
@JsonClassDescription("the training framework and its switches")
public record FrameworkOptions(
    String framework,
    String attention,
    Boolean overlapGradReduce,
    Double capacityFactor,
    // Left out of plan files while unstated, so that plans saved before it existed read back unchanged.
    @JsonInclude(JsonInclude.Include.NON_NULL) Double headroom) {

  /** Nothing stated: every field takes its default. */
  public static final FrameworkOptions UNSET = builder().build();

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these fields, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.framework = framework;
    b.attention = attention;
    b.overlapGradReduce = overlapGradReduce;
    b.capacityFactor = capacityFactor;
    b.headroom = headroom;
    return b;
  }

  /** These fields, each one left out taken from {@code fallback}. */
  public FrameworkOptions orElse(FrameworkOptions fallback) {
    return new FrameworkOptions(Unset.or(framework, fallback.framework), Unset.or(attention, fallback.attention),
        Unset.or(overlapGradReduce, fallback.overlapGradReduce), Unset.or(capacityFactor, fallback.capacityFactor),
        Unset.or(headroom, fallback.headroom));
  }

  /** Sets the fields by name; what is not set stays unstated (null). */
  public static final class Builder {
    private String framework;
    private String attention;
    private Boolean overlapGradReduce;
    private Double capacityFactor;
    private Double headroom;

    private Builder() {}

    public Builder framework(String value) {
      framework = value;
      return this;
    }

    public Builder attention(String value) {
      attention = value;
      return this;
    }

    public Builder overlapGradReduce(Boolean value) {
      overlapGradReduce = value;
      return this;
    }

    public Builder capacityFactor(Double value) {
      capacityFactor = value;
      return this;
    }

    public Builder headroom(Double value) {
      headroom = value;
      return this;
    }

    public FrameworkOptions build() {
      return new FrameworkOptions(framework, attention, overlapGradReduce, capacityFactor, headroom);
    }
  }
}
