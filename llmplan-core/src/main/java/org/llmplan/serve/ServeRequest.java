package org.llmplan.serve;

import java.math.BigDecimal;
import org.llmplan.plan.ServingPlan;
import org.llmplan.request.InferenceRequest;

/**
 * A serving question as a user states it, text as typed, any left out (null) for the default; the command line
 * and the HTTP API fill one in and {@link ServePlanner} reads it, so both answer the same way.
 *
 * <p>Defaults: Poisson arrivals; a run of one hour (or the whole trace); seed 1; no latency target; the
 * engine's own batching; aggregated; the KV link of a disaggregated deployment is the scale-out bandwidth per
 * GPU of the GPU's default node (400 Gb/s where none is known); the catalog's price.
 *
 * @param deployment model, GPU, layout, formats, engine settings (its input and output are ignored)
 * @param input prompt-length distribution ({@code 1000}, {@code uniform:100-1000}, {@code lognormal:2000,0.6})
 * @param output answer-length distribution
 * @param rate mean request rate ({@code 50}, {@code 600/min}); with a trace, the rate to stretch it to
 * @param arrivals poisson, constant or gamma:cv=N
 * @param trace a trace file (CSV or JSON Lines) instead of generated traffic
 * @param duration simulated time ({@code 1h}, {@code 90s})
 * @param ttftP99 time-to-first-token target at the 99th percentile ({@code 2s})
 * @param tpotP99 time-per-output-token target at the 99th percentile ({@code 50ms})
 * @param staticBatch serve with static batches of this size instead of continuous batching
 * @param disaggregated prefill:decode instances, e.g. {@code 1:2}
 * @param kvLinkGbps bandwidth per GPU between prefill and decode instances, Gbit/s
 * @param price US$ per GPU-hour
 */
public record ServeRequest(
    InferenceRequest deployment,
    String input,
    String output,
    String rate,
    String arrivals,
    String trace,
    String duration,
    Long seed,
    String ttftP99,
    String tpotP99,
    Integer staticBatch,
    String disaggregated,
    Double kvLinkGbps,
    Double price) {

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The question a saved plan answers, asked again: its deployment, traffic, targets, split and price (numbers
   * written back in plain decimals, which read as the same doubles).
   */
  public static ServeRequest of(ServingPlan plan) {
    return builder().deployment(plan.deployment()).input(plan.input()).output(plan.output())
        .rate(plain(plan.ratePerSecond(), "")).arrivals(plan.arrivals()).trace(plan.trace())
        .duration(plan.duration()).seed(plan.seed()).ttftP99(plain(plan.ttftP99Seconds(), "s"))
        .tpotP99(plain(plan.tpotP99Seconds(), "s")).disaggregated(plan.disaggregated())
        .kvLinkGbps(plan.kvLinkGbps()).price(plan.usdPerGpuHour()).build();
  }

  private static String plain(Double value, String unit) {
    return value == null ? null : BigDecimal.valueOf(value).toPlainString() + unit;
  }

  /** The same traffic, targets and price served by {@code replica}, continuously batched, split as given. */
  public ServeRequest on(InferenceRequest replica, String prefillDecodeSplit) {
    return new ServeRequest(replica, input, output, rate, arrivals, trace, duration, seed, ttftP99, tpotP99, null,
        prefillDecodeSplit, kvLinkGbps, price);
  }

  /** Sets the fields by name; what is not set stays unstated (null). */
  public static final class Builder {
    private InferenceRequest deployment;
    private String input;
    private String output;
    private String rate;
    private String arrivals;
    private String trace;
    private String duration;
    private Long seed;
    private String ttftP99;
    private String tpotP99;
    private Integer staticBatch;
    private String disaggregated;
    private Double kvLinkGbps;
    private Double price;

    private Builder() {}

    public Builder deployment(InferenceRequest value) {
      deployment = value;
      return this;
    }

    public Builder input(String value) {
      input = value;
      return this;
    }

    public Builder output(String value) {
      output = value;
      return this;
    }

    public Builder rate(String value) {
      rate = value;
      return this;
    }

    public Builder arrivals(String value) {
      arrivals = value;
      return this;
    }

    public Builder trace(String value) {
      trace = value;
      return this;
    }

    public Builder duration(String value) {
      duration = value;
      return this;
    }

    public Builder seed(Long value) {
      seed = value;
      return this;
    }

    public Builder ttftP99(String value) {
      ttftP99 = value;
      return this;
    }

    public Builder tpotP99(String value) {
      tpotP99 = value;
      return this;
    }

    public Builder staticBatch(Integer value) {
      staticBatch = value;
      return this;
    }

    public Builder disaggregated(String value) {
      disaggregated = value;
      return this;
    }

    public Builder kvLinkGbps(Double value) {
      kvLinkGbps = value;
      return this;
    }

    public Builder price(Double value) {
      price = value;
      return this;
    }

    public ServeRequest build() {
      return new ServeRequest(deployment, input, output, rate, arrivals, trace, duration, seed, ttftP99, tpotP99,
          staticBatch, disaggregated, kvLinkGbps, price);
    }
  }
}
