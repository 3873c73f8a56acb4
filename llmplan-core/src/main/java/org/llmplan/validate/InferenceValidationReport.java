package org.llmplan.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every compared quantity, every skipped row or quantity with its reason, and the aggregate error. */
public record InferenceValidationReport(List<InferenceComparison> rows, List<SkippedRow> skipped,
    ErrorSummary summary) {
  public InferenceValidationReport {
    rows = List.copyOf(rows);
    skipped = List.copyOf(skipped);
  }

  /** The error by family, GPU x model ("b200 x llama-4-scout"), in the order the rows first name them. */
  public Map<String, ErrorSummary> byFamily() {
    Map<String, List<Double>> errors = new LinkedHashMap<>();
    for (InferenceComparison r : rows) {
      errors.computeIfAbsent(family(r), f -> new ArrayList<>()).add(r.errorPct());
    }
    Map<String, ErrorSummary> families = new LinkedHashMap<>();
    errors.forEach((f, e) -> families.put(f, ErrorSummary.of(e, 0)));
    return families;
  }

  /** The family a compared row belongs to. */
  public static String family(InferenceComparison r) {
    return r.gpu() + " x " + r.model();
  }
}
