package org.llmplan.request;

import com.fasterxml.jackson.annotation.JsonClassDescription;

/**
 * The number formats of a serving replica, as a user names them; any left out (null) takes the default of
 * {@link InferenceRequest#toDeployment}.
 *
 * @param precision weight format: bf16, fp16, fp8, int8 or int4
 * @param kvPrecision KV-cache format: bf16, fp16 or fp8
 * @param groupSize input channels per scale of int4 weights
 */
@JsonClassDescription("weight and KV-cache formats")
public record NumberFormats(
    String precision,
    String kvPrecision,
    Integer groupSize) {

  /** Nothing stated: every field takes its default. */
  public static final NumberFormats UNSET = builder().build();

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these fields, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.precision = precision;
    b.kvPrecision = kvPrecision;
    b.groupSize = groupSize;
    return b;
  }

  /** These fields, each one left out taken from {@code fallback}. */
  public NumberFormats orElse(NumberFormats fallback) {
    return new NumberFormats(Unset.or(precision, fallback.precision), Unset.or(kvPrecision, fallback.kvPrecision),
        Unset.or(groupSize, fallback.groupSize));
  }

  /** Sets the fields by name; what is not set stays unstated (null). */
  public static final class Builder {
    private String precision;
    private String kvPrecision;
    private Integer groupSize;

    private Builder() {}

    public Builder precision(String value) {
      precision = value;
      return this;
    }

    public Builder kvPrecision(String value) {
      kvPrecision = value;
      return this;
    }

    public Builder groupSize(Integer value) {
      groupSize = value;
      return this;
    }

    public NumberFormats build() {
      return new NumberFormats(precision, kvPrecision, groupSize);
    }
  }
}
