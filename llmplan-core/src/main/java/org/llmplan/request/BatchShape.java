package org.llmplan.request;

import com.fasterxml.jackson.annotation.JsonClassDescription;

/**
 * The batch and sequence of a training step, as a user states them; any left out (null) takes the default
 * of {@link TrainingRequest#toJob}. The global batch is given in sequences or in tokens, not both.
 *
 * @param globalBatch sequences per optimizer step
 * @param globalBatchTokens tokens per optimizer step, instead of {@code globalBatch}
 * @param seq sequence length, tokens
 */
@JsonClassDescription("sequences per step and tokens per sequence")
public record BatchShape(
    Integer globalBatch,
    Long globalBatchTokens,
    Integer seq) {

  /** Nothing stated: every field takes its default. */
  public static final BatchShape UNSET = builder().build();

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these fields, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.globalBatch = globalBatch;
    b.globalBatchTokens = globalBatchTokens;
    b.seq = seq;
    return b;
  }

  /** Sets the fields by name; what is not set stays unstated (null). */
  public static final class Builder {
    private Integer globalBatch;
    private Long globalBatchTokens;
    private Integer seq;

    private Builder() {}

    public Builder globalBatch(Integer value) {
      globalBatch = value;
      return this;
    }

    public Builder globalBatchTokens(Long value) {
      globalBatchTokens = value;
      return this;
    }

    public Builder seq(Integer value) {
      seq = value;
      return this;
    }

    public BatchShape build() {
      return new BatchShape(globalBatch, globalBatchTokens, seq);
    }
  }
}
