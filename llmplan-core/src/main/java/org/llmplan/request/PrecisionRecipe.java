package org.llmplan.request;

import com.fasterxml.jackson.annotation.JsonClassDescription;

/**
 * The number formats of a training job and its optimizer, as a user names them; any left out (null) takes
 * the default of {@link TrainingRequest#toJob}.
 *
 * @param precision compute precision: bf16, fp16, fp8 or fp32
 * @param policy state precision policy: megatron, zero, amp or pure
 * @param optimizer adamw, adam, sgd, adafactor or adam8bit
 */
@JsonClassDescription("number formats and optimizer")
public record PrecisionRecipe(
    String precision,
    String policy,
    String optimizer) {

  /** Nothing stated: every field takes its default. */
  public static final PrecisionRecipe UNSET = builder().build();

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these fields, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.precision = precision;
    b.policy = policy;
    b.optimizer = optimizer;
    return b;
  }

  /** These fields, each one left out taken from {@code fallback}. */
  public PrecisionRecipe orElse(PrecisionRecipe fallback) {
    return new PrecisionRecipe(Unset.or(precision, fallback.precision), Unset.or(policy, fallback.policy),
        Unset.or(optimizer, fallback.optimizer));
  }

  /** Sets the fields by name; what is not set stays unstated (null). */
  public static final class Builder {
    private String precision;
    private String policy;
    private String optimizer;

    private Builder() {}

    public Builder precision(String value) {
      precision = value;
      return this;
    }

    public Builder policy(String value) {
      policy = value;
      return this;
    }

    public Builder optimizer(String value) {
      optimizer = value;
      return this;
    }

    public PrecisionRecipe build() {
      return new PrecisionRecipe(precision, policy, optimizer);
    }
  }
}
