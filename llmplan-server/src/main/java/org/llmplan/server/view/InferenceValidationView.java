package org.llmplan.server.view;

import java.util.LinkedHashMap;
import java.util.Map;
import org.llmplan.validate.InferenceComparison;
import org.llmplan.validate.InferenceValidationReport;

/** JSON of `validate inference` (docs/validation.md): the shape of `validate training`. */
public final class InferenceValidationView {
  private InferenceValidationView() {}

  public static Map<String, Object> of(InferenceValidationReport report) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("rows", report.rows().stream().map(InferenceValidationView::row).toList());
    v.put("skipped", report.skipped().stream().map(TrainingValidationView::skipped).toList());
    v.put("summary", TrainingValidationView.summary(report.summary()));
    return v;
  }

  private static Map<String, Object> row(InferenceComparison r) {
    Map<String, Object> v = TrainingValidationView.rowHead(r.id(), r.model(), r.gpus(), r.gpu(), r.layout());
    v.put("lengths", r.lengths());
    v.put("concurrency", r.concurrency());
    v.put("metric", r.metric().column());
    v.put("measured", r.measured());
    v.put("predicted", r.predicted());
    v.put("errorPct", r.errorPct());
    v.put("assumptions", r.assumptions());
    return v;
  }
}
