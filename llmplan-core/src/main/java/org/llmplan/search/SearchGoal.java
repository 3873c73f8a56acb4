package org.llmplan.search;

import com.fasterxml.jackson.annotation.JsonClassDescription;

/**
 * What a layout search trains for, what it minimises and under which limits, as a user states them; any
 * left out (null) takes the default of {@link TrainingSearchRequest#resolve}.
 *
 * @param tokens the token budget, e.g. "300B"
 * @param objective what to minimise: time, cost or gpus
 * @param offload when to try offloading state: if-needed, always or never
 * @param deadline the longest acceptable time to train, e.g. "30d"
 * @param budget the most money the run may cost, US dollars
 * @param price price per GPU-hour: one number for every GPU, or "gpu=usd,gpu=usd"
 * @param top how many plans to list
 * @param timeLimitSeconds stop the search after this long and answer with the best found so far
 * @param failures rank by the expected time with interruptions and asynchronous checkpoints: "llama3"
 *     for Llama 3's measured rate, or interruptions per GPU-day; null or "none" for failure-free time
 * @param rankBy rank by the estimated time ("estimate") or by the slow end of its error band ("pessimistic")
 */
@JsonClassDescription("what to train for, what to minimise and the limits")
public record SearchGoal(
    String tokens,
    String objective,
    String offload,
    String deadline,
    Double budget,
    String price,
    Integer top,
    Double timeLimitSeconds,
    String failures,
    String rankBy) {

  /** Nothing stated: every field takes its default. */
  public static final SearchGoal UNSET = builder().build();

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these fields, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.tokens = tokens;
    b.objective = objective;
    b.offload = offload;
    b.deadline = deadline;
    b.budget = budget;
    b.price = price;
    b.top = top;
    b.timeLimitSeconds = timeLimitSeconds;
    b.failures = failures;
    b.rankBy = rankBy;
    return b;
  }

  /** Sets the fields by name; what is not set stays unstated (null). */
  public static final class Builder {
    private String tokens;
    private String objective;
    private String offload;
    private String deadline;
    private Double budget;
    private String price;
    private Integer top;
    private Double timeLimitSeconds;
    private String failures;
    private String rankBy;

    private Builder() {}

    public Builder tokens(String value) {
      tokens = value;
      return this;
    }

    public Builder objective(String value) {
      objective = value;
      return this;
    }

    public Builder offload(String value) {
      offload = value;
      return this;
    }

    public Builder deadline(String value) {
      deadline = value;
      return this;
    }

    public Builder budget(Double value) {
      budget = value;
      return this;
    }

    public Builder price(String value) {
      price = value;
      return this;
    }

    public Builder top(Integer value) {
      top = value;
      return this;
    }

    public Builder timeLimitSeconds(Double value) {
      timeLimitSeconds = value;
      return this;
    }

    public Builder failures(String value) {
      failures = value;
      return this;
    }

    public Builder rankBy(String value) {
      rankBy = value;
      return this;
    }

    public SearchGoal build() {
      return new SearchGoal(tokens, objective, offload, deadline, budget, price, top, timeLimitSeconds, failures,
          rankBy);
    }
  }
}
