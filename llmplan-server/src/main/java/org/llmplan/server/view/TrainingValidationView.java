package org.llmplan.server.view;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmplan.validate.ComparedRow;
import org.llmplan.validate.ErrorSummary;
import org.llmplan.validate.MemoryComparison;
import org.llmplan.validate.SkippedRow;
import org.llmplan.validate.ValidationReport;

/** JSON of `validate training` (docs/validation.md): rows, skipped rows with reasons, and the summary. */
public final class TrainingValidationView {
  private TrainingValidationView() {}

  public static Map<String, Object> of(ValidationReport report) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("rows", report.rows().stream().map(TrainingValidationView::row).toList());
    v.put("skipped", report.skipped().stream().map(TrainingValidationView::skipped).toList());
    v.put("summary", summary(report.summary()));
    if (report.memorySummary() != null) {
      v.put("memoryRows", report.memoryRows().stream().map(TrainingValidationView::memory).toList());
      v.put("memorySummary", summary(report.memorySummary()));
    }
    return v;
  }

  private static Map<String, Object> memory(MemoryComparison m) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", m.id());
    v.put("model", m.model());
    v.put("metric", m.metric());
    v.put("measured", m.measuredGib());
    v.put("predicted", m.predictedGib());
    v.put("errorPct", m.errorPct());
    return v;
  }

  private static Map<String, Object> row(ComparedRow r) {
    Map<String, Object> v = rowHead(r.id(), r.model(), r.gpus(), r.gpu(), r.layout());
    v.put("metric", r.metric().column());
    v.put("convention", r.convention() == null ? null : r.convention().label());
    v.put("measured", r.measured());
    v.put("predicted", r.predicted());
    v.put("errorPct", r.errorPct());
    v.put("assumptions", r.assumptions());
    return v;
  }

  /** The fields every compared row starts with; the serving view shares them. */
  static Map<String, Object> rowHead(String id, String model, int gpus, String gpu, String layout) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", id);
    v.put("model", model);
    v.put("gpus", gpus);
    v.put("gpu", gpu);
    v.put("layout", layout);
    return v;
  }

  static Map<String, Object> skipped(SkippedRow s) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", s.id());
    v.put("reason", s.reason());
    return v;
  }

  static Map<String, Object> summary(ErrorSummary s) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("count", s.count());
    v.put("skipped", s.skipped());
    v.put("medianAbsErrorPct", s.medianAbsErrorPct());
    v.put("p90AbsErrorPct", s.p90AbsErrorPct());
    v.put("maxAbsErrorPct", s.maxAbsErrorPct());
    return v;
  }
}
