package org.llmplan.validate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One row of validation/training_published.csv, as published: an empty cell is null (the source does not
 * state it). Column meanings are in validation/README.md; the columns this harness does not read are left
 * out, and every column named here must be in the file's header except the optional memory columns
 * ({@code peak_memory_gib}: PyTorch max allocated; {@code state_memory_gib}: weights, gradients and
 * optimizer states).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PublishedTrainingRow(
    @JsonProperty("id") String id,
    @JsonProperty("model") String model,
    @JsonProperty("params") String params,
    @JsonProperty("layers") Integer layers,
    @JsonProperty("hidden") Integer hidden,
    @JsonProperty("heads") Integer heads,
    @JsonProperty("kv_heads") Integer kvHeads,
    @JsonProperty("ffn") Integer ffn,
    @JsonProperty("vocab") Integer vocab,
    @JsonProperty("seq_len") Integer seqLen,
    @JsonProperty("global_batch_seqs") Integer globalBatchSeqs,
    @JsonProperty("global_batch_tokens") Long globalBatchTokens,
    @JsonProperty("micro_batch") Integer microBatch,
    @JsonProperty("gpu_type") String gpuType,
    @JsonProperty("gpu_mem_gb") Integer gpuMemGb,
    @JsonProperty("num_gpus") Integer numGpus,
    @JsonProperty("tp") Integer tp,
    @JsonProperty("pp") Integer pp,
    @JsonProperty("dp") Integer dp,
    @JsonProperty("cp") Integer cp,
    @JsonProperty("ep") Integer ep,
    @JsonProperty("vp") Integer vp,
    @JsonProperty("zero_fsdp") String zeroFsdp,
    @JsonProperty("recompute") String recompute,
    @JsonProperty("precision") String precision,
    @JsonProperty("framework") String framework,
    @JsonProperty("interconnect") String interconnect,
    @JsonProperty("tflops_per_gpu") Double tflopsPerGpu,
    @JsonProperty("mfu_pct") Double mfuPct,
    @JsonProperty("hfu_pct") Double hfuPct,
    @JsonProperty("tokens_per_sec_total") Double tokensPerSecTotal,
    @JsonProperty("tokens_per_sec_per_gpu") Double tokensPerSecPerGpu,
    @JsonProperty("iteration_time_s") Double iterationTimeS,
    @JsonProperty("peak_memory_gib") Double peakMemoryGib,
    @JsonProperty("state_memory_gib") Double stateMemoryGib,
    @JsonProperty("notes") String notes) {

  /** Columns a file may leave out: memory measurements, which few sources give. */
  static final java.util.Set<String> OPTIONAL_COLUMNS = java.util.Set.of("peak_memory_gib", "state_memory_gib");
}
