package org.llmplan.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidValueException;
import org.llmplan.estimate.Part;
import org.llmplan.train.TimeEstimate;
import org.llmplan.train.TrainingJob;

/** The harness with stand-in estimators: how it turns a step time into each metric, and how it skips. */
class TrainingValidationTest {
  private static final Catalog CATALOG = Catalog.embedded();

  private static TimeEstimate stepOf(TrainingJob job, double stepSeconds) {
    double tokens = (double) job.globalBatch() * job.seq();
    return new TimeEstimate(stepSeconds, List.of(Part.leaf("forward", stepSeconds, "stand-in")), tokens, job.gpus(),
        0, 0, job.gpu().peakFlops(job.precision()), List.of());
  }

  private static ValidationReport run(List<String> ids, ToDoubleFunction<TrainingJob> stepSeconds) {
    List<PublishedTrainingRow> rows = ids.stream().map(PublishedRows::row).toList();
    return new TrainingValidation(CATALOG, job -> stepOf(job, stepSeconds.applyAsDouble(job))).run(rows);
  }

  /** A step time that reproduces each source's printed rate, through its own convention, has no error. */
  @Test
  void theSourcesOwnRateComesBackExactly() {
    ValidationReport r = run(List.of("T001", "T017", "T156"), job -> switch (job.model().name()) {
      // T001: 137 TFLOP/s per GPU of Narayanan's hardware FLOPs on 32 GPUs
      case "megatron-2021-1.7b" -> FlopConvention.NARAYANAN_2021.hardwareFlopsPerStep(FlopShape.of(job)) / 32 / 137e12;
      // T017: 408.8 TFLOP/s per GPU of Megatron's model FLOPs on 48 GPUs
      case "megatron-core-1.7b" -> FlopConvention.MEGATRON_2024.modelFlopsPerStep(FlopShape.of(job)) / 48 / 408.8e12;
      // T156: 1007 tokens/s per GPU on 512 GPUs
      default -> (double) job.globalBatch() * job.seq() / 512 / 1007;
    });
    assertThat(r.skipped()).isEmpty();
    assertThat(r.rows()).extracting(ComparedRow::metric)
        .containsExactly(Metric.TFLOPS_PER_GPU, Metric.TFLOPS_PER_GPU, Metric.TOKENS_PER_SEC_PER_GPU);
    assertThat(r.rows()).extracting(ComparedRow::convention)
        .containsExactly(FlopConvention.NARAYANAN_2021, FlopConvention.MEGATRON_2024, null);
    for (ComparedRow row : r.rows()) {
      assertThat(row.predicted()).as(row.id()).isCloseTo(row.measured(), within(1e-9 * row.measured()));
      assertThat(row.errorPct()).as(row.id()).isCloseTo(0, within(1e-9));
    }
    assertThat(r.summary().count()).isEqualTo(3);
  }

  @Test
  void errorIsPredictedMinusMeasuredOverMeasured() {
    // twice the step time of T156's measured 1007 tokens/s per GPU: half the rate, -50 %
    ValidationReport r = run(List.of("T156"), job -> 2.0 * job.globalBatch() * job.seq() / 512 / 1007);
    ComparedRow row = r.rows().get(0);
    assertThat(row.predicted()).isCloseTo(503.5, within(1e-9));
    assertThat(row.errorPct()).isCloseTo(-50, within(1e-9));
    assertThat(r.summary().medianAbsErrorPct()).isCloseTo(50, within(1e-9));
  }

  @Test
  void anEstimatorRejectionSkipsThatRowOnly() {
    ValidationReport r = run(List.of("T001", "T002", "T084"), job -> {
      if (job.gpus() == 64) {
        throw new InvalidValueException("no estimate for 64 GPUs");
      }
      return 1.0;
    });
    assertThat(r.rows()).extracting(ComparedRow::id).containsExactly("T001");
    Map<String, String> skipped = r.skipped().stream()
        .collect(Collectors.toMap(SkippedRow::id, SkippedRow::reason));
    assertThat(skipped).containsOnly(Map.entry("T002", "no estimate for 64 GPUs"),
        Map.entry("T084", "model 'GPT3-5B' is not in the catalog and the row gives no dimensions"));
    assertThat(r.summary().skipped()).isEqualTo(2);
  }

  @Test
  void everyRowIsComparedOrSkipped() {
    ValidationReport r = new TrainingValidation(CATALOG, job -> stepOf(job, 1.0)).run(PublishedRows.FILE);
    assertThat(r.rows().size() + r.skipped().size()).isEqualTo(184);
    assertThat(r.summary().count()).isEqualTo(r.rows().size());
  }
}
