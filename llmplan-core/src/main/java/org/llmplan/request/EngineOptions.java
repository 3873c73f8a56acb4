package org.llmplan.request;

import com.fasterxml.jackson.annotation.JsonClassDescription;

/**
 * The serving engine and the settings that size its batches, as a user states them; any left out (null)
 * takes the engine profile's value (see {@link InferenceRequest#toDeployment}).
 *
 * @param engine catalog engine name, e.g. vllm
 * @param maxNumSeqs cap on sequences in flight
 * @param maxBatchedTokens token budget of one iteration
 * @param gpuMemoryUtilization share of GPU memory the engine may use
 * @param blockSize tokens per KV-cache block
 * @param maxModelLen the longest sequence the engine accepts
 * @param chunkedPrefill whether long prompts split over iterations
 */
@JsonClassDescription("the serving engine and its limits")
public record EngineOptions(
    String engine,
    Integer maxNumSeqs,
    Integer maxBatchedTokens,
    Double gpuMemoryUtilization,
    Integer blockSize,
    Integer maxModelLen,
    Boolean chunkedPrefill) {

  /** Nothing stated: every field takes its default. */
  public static final EngineOptions UNSET = builder().build();

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these fields, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.engine = engine;
    b.maxNumSeqs = maxNumSeqs;
    b.maxBatchedTokens = maxBatchedTokens;
    b.gpuMemoryUtilization = gpuMemoryUtilization;
    b.blockSize = blockSize;
    b.maxModelLen = maxModelLen;
    b.chunkedPrefill = chunkedPrefill;
    return b;
  }

  /** These fields, each one left out taken from {@code fallback}. */
  public EngineOptions orElse(EngineOptions fallback) {
    return new EngineOptions(Unset.or(engine, fallback.engine), Unset.or(maxNumSeqs, fallback.maxNumSeqs),
        Unset.or(maxBatchedTokens, fallback.maxBatchedTokens),
        Unset.or(gpuMemoryUtilization, fallback.gpuMemoryUtilization), Unset.or(blockSize, fallback.blockSize),
        Unset.or(maxModelLen, fallback.maxModelLen), Unset.or(chunkedPrefill, fallback.chunkedPrefill));
  }

  /** Sets the fields by name; what is not set stays unstated (null). */
  public static final class Builder {
    private String engine;
    private Integer maxNumSeqs;
    private Integer maxBatchedTokens;
    private Double gpuMemoryUtilization;
    private Integer blockSize;
    private Integer maxModelLen;
    private Boolean chunkedPrefill;

    private Builder() {}

    public Builder engine(String value) {
      engine = value;
      return this;
    }

    public Builder maxNumSeqs(Integer value) {
      maxNumSeqs = value;
      return this;
    }

    public Builder maxBatchedTokens(Integer value) {
      maxBatchedTokens = value;
      return this;
    }

    public Builder gpuMemoryUtilization(Double value) {
      gpuMemoryUtilization = value;
      return this;
    }

    public Builder blockSize(Integer value) {
      blockSize = value;
      return this;
    }

    public Builder maxModelLen(Integer value) {
      maxModelLen = value;
      return this;
    }

    public Builder chunkedPrefill(Boolean value) {
      chunkedPrefill = value;
      return this;
    }

    public EngineOptions build() {
      return new EngineOptions(engine, maxNumSeqs, maxBatchedTokens, gpuMemoryUtilization, blockSize, maxModelLen,
          chunkedPrefill);
    }
  }
}
