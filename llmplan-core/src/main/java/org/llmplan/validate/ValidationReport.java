package org.llmplan.validate;

import java.util.List;

/** Every compared row, every skipped row with its reason, and the aggregate error. */
public record ValidationReport(List<ComparedRow> rows, List<SkippedRow> skipped, ErrorSummary summary) {
  public ValidationReport {
    rows = List.copyOf(rows);
    skipped = List.copyOf(skipped);
  }
}
