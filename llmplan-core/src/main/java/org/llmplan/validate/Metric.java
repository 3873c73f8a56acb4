package org.llmplan.validate;

import java.util.Arrays;
import java.util.Optional;
import org.llmplan.train.TimeEstimate;
import org.llmplan.train.TrainingJob;

/**
 * The quantity a row reports, named by its CSV column, in order of preference: token rates and step time
 * need no FLOP convention, so they come first; TFLOP/s, MFU and HFU are predicted in the row's convention.
 */
public enum Metric {
  TOKENS_PER_SEC_PER_GPU("tokens_per_sec_per_gpu", false),
  TOKENS_PER_SEC_TOTAL("tokens_per_sec_total", false),
  ITERATION_TIME_S("iteration_time_s", false),
  TFLOPS_PER_GPU("tflops_per_gpu", true),
  MFU_PCT("mfu_pct", true),
  HFU_PCT("hfu_pct", true);

  private final String column;
  private final boolean needsConvention;

  Metric(String column, boolean needsConvention) {
    this.column = column;
    this.needsConvention = needsConvention;
  }

  /** The CSV column that holds the measurement. */
  public String column() {
    return column;
  }

  /** Whether predicting it needs the source's FLOP convention. */
  public boolean needsConvention() {
    return needsConvention;
  }

  /** The measurement, or null where the row leaves the column empty. */
  public Double measured(PublishedTrainingRow r) {
    return switch (this) {
      case TOKENS_PER_SEC_PER_GPU -> r.tokensPerSecPerGpu();
      case TOKENS_PER_SEC_TOTAL -> r.tokensPerSecTotal();
      case ITERATION_TIME_S -> r.iterationTimeS();
      case TFLOPS_PER_GPU -> r.tflopsPerGpu();
      case MFU_PCT -> r.mfuPct();
      case HFU_PCT -> r.hfuPct();
    };
  }

  /** The most preferred metric the row reports. */
  public static Optional<Metric> preferred(PublishedTrainingRow r) {
    return Arrays.stream(values()).filter(m -> m.measured(r) != null).findFirst();
  }

  /** The planner's value of this quantity; {@code convention} may be null unless {@link #needsConvention()}. */
  public double predicted(TrainingJob job, TimeEstimate e, FlopConvention convention) {
    double perGpuPerSecond = 1 / e.stepSeconds() / job.gpus();
    return switch (this) {
      case TOKENS_PER_SEC_PER_GPU -> e.tokensPerSecond() / job.gpus();
      case TOKENS_PER_SEC_TOTAL -> e.tokensPerSecond();
      case ITERATION_TIME_S -> e.stepSeconds();
      case TFLOPS_PER_GPU -> convention.tflopsColumnFlopsPerStep(FlopShape.of(job)) * perGpuPerSecond / 1e12;
      case MFU_PCT -> convention.modelFlopsPerStep(FlopShape.of(job)) * perGpuPerSecond
          / convention.peakFlopsPerGpu(job.gpu()) * 100;
      case HFU_PCT -> convention.hardwareFlopsPerStep(FlopShape.of(job)) * perGpuPerSecond
          / convention.peakFlopsPerGpu(job.gpu()) * 100;
    };
  }
}
