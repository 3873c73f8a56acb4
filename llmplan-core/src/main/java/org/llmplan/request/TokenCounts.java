package org.llmplan.request;

import com.fasterxml.jackson.annotation.JsonClassDescription;

/**
 * The lengths of the requests a serving replica is sized against, as a user states them; any left out
 * (null) takes the default of {@link InferenceRequest}.
 *
 * @param input prompt tokens
 * @param output generated tokens
 */
@JsonClassDescription("the request lengths the KV cache is sized for")
public record TokenCounts(
    Integer input,
    Integer output) {

  /** Nothing stated: every field takes its default. */
  public static final TokenCounts UNSET = builder().build();

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these fields, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.input = input;
    b.output = output;
    return b;
  }

  /** These fields, each one left out taken from {@code fallback}. */
  public TokenCounts orElse(TokenCounts fallback) {
    return new TokenCounts(Unset.or(input, fallback.input), Unset.or(output, fallback.output));
  }

  /** Sets the fields by name; what is not set stays unstated (null). */
  public static final class Builder {
    private Integer input;
    private Integer output;

    private Builder() {}

    public Builder input(Integer value) {
      input = value;
      return this;
    }

    public Builder output(Integer value) {
      output = value;
      return this;
    }

    public TokenCounts build() {
      return new TokenCounts(input, output);
    }
  }
}
