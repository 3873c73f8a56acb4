package org.llmplan.validate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Set;

/**
 * One row of validation/inference_published.csv, as published: an empty cell is null (the source does not
 * state it). Column meanings are in validation/README.md; the columns this harness does not read are left out,
 * and every column named here must be in the file's header.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PublishedInferenceRow(
    @JsonProperty("id") String id,
    @JsonProperty("model") String model,
    @JsonProperty("hardware") String hardware,
    @JsonProperty("gpu_mem_gb") Double gpuMemGb,
    @JsonProperty("num_gpus") Integer numGpus,
    @JsonProperty("tp") Integer tp,
    @JsonProperty("pp") Integer pp,
    @JsonProperty("ep") Integer ep,
    @JsonProperty("dp") Integer dp,
    @JsonProperty("precision") String precision,
    @JsonProperty("engine") String engine,
    @JsonProperty("input_len") Integer inputLen,
    @JsonProperty("output_len") Integer outputLen,
    @JsonProperty("batch_size") String batchSize,
    @JsonProperty("concurrency_or_request_rate") String concurrencyOrRequestRate,
    @JsonProperty("throughput_output_tok_s") Double throughputOutputTokS,
    @JsonProperty("throughput_output_tok_s_per_gpu") Double throughputOutputTokSPerGpu,
    @JsonProperty("throughput_total_tok_s") Double throughputTotalTokS,
    @JsonProperty("request_throughput_req_s") Double requestThroughputReqS,
    @JsonProperty("ttft_ms") Double ttftMs,
    @JsonProperty("tpot_ms") Double tpotMs,
    @JsonProperty("itl_ms") Double itlMs,
    @JsonProperty("e2e_latency_ms") Double e2eLatencyMs,
    @JsonProperty("latency_statistic") String latencyStatistic,
    @JsonProperty("notes") String notes) {

  /** Columns a file may leave out. */
  static final Set<String> OPTIONAL_COLUMNS = Set.of("latency_statistic", "notes");
}
