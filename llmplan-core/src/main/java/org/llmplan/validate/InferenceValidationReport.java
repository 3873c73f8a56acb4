package org.llmplan.validate;

import java.util.List;

/** Every compared quantity, every skipped row or quantity with its reason, and the aggregate error. */
public record InferenceValidationReport(List<InferenceComparison> rows, List<SkippedRow> skipped,
    ErrorSummary summary) {
  public InferenceValidationReport {
    rows = List.copyOf(rows);
    skipped = List.copyOf(skipped);
  }
}
