package org.llmplan.validate;

import org.llmplan.infer.OfflineThroughput;

/**
 * A quantity a serving row reports, named by its CSV column. Rates are for the whole GPU group (all replicas);
 * latencies are per request, in milliseconds.
 */
public enum InferenceMetric {
  OUTPUT_TOKENS_PER_SEC("throughput_output_tok_s", false),
  OUTPUT_TOKENS_PER_SEC_PER_GPU("throughput_output_tok_s_per_gpu", false),
  TOTAL_TOKENS_PER_SEC("throughput_total_tok_s", false),
  REQUESTS_PER_SEC("request_throughput_req_s", false),
  TTFT_MS("ttft_ms", true),
  TPOT_MS("tpot_ms", true),
  ITL_MS("itl_ms", true),
  E2E_LATENCY_MS("e2e_latency_ms", true);

  private final String column;
  private final boolean latency;

  InferenceMetric(String column, boolean latency) {
    this.column = column;
    this.latency = latency;
  }

  public String column() {
    return column;
  }

  /** Whether the quantity is a per-request latency (which depends on the statistic the source took). */
  public boolean latency() {
    return latency;
  }

  /** The measurement, or null where the row leaves the column empty. */
  public Double measured(PublishedInferenceRow r) {
    return switch (this) {
      case OUTPUT_TOKENS_PER_SEC -> r.throughputOutputTokS();
      case OUTPUT_TOKENS_PER_SEC_PER_GPU -> r.throughputOutputTokSPerGpu();
      case TOTAL_TOKENS_PER_SEC -> r.throughputTotalTokS();
      case REQUESTS_PER_SEC -> r.requestThroughputReqS();
      case TTFT_MS -> r.ttftMs();
      case TPOT_MS -> r.tpotMs();
      case ITL_MS -> r.itlMs();
      case E2E_LATENCY_MS -> r.e2eLatencyMs();
    };
  }

  /**
   * The planner's value for {@code replicas} copies of the replica whose steady state is {@code t}. ITL is
   * TPOT: in steady state every gap between tokens is one iteration.
   */
  public double predicted(OfflineThroughput t, int replicas) {
    return switch (this) {
      case OUTPUT_TOKENS_PER_SEC -> replicas * t.outputTokensPerSecond();
      case OUTPUT_TOKENS_PER_SEC_PER_GPU -> t.outputTokensPerSecondPerGpu();
      case TOTAL_TOKENS_PER_SEC -> replicas * t.totalTokensPerSecond();
      case REQUESTS_PER_SEC -> replicas * t.requestsPerSecond();
      case TTFT_MS -> t.ttftSeconds() * 1e3;
      case TPOT_MS, ITL_MS -> t.tpotSeconds() * 1e3;
      case E2E_LATENCY_MS -> t.e2eSeconds() * 1e3;
    };
  }
}
