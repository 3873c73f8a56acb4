package org.llmplan.validate;

import java.util.List;

/**
 * Every compared row, every skipped row with its reason, and the aggregate error; and, for rows that
 * report memory, the same for memory per GPU ({@code memorySummary} is null when no row does).
 */
public record ValidationReport(List<ComparedRow> rows, List<SkippedRow> skipped, ErrorSummary summary,
    List<MemoryComparison> memoryRows, ErrorSummary memorySummary) {
  public ValidationReport {
    rows = List.copyOf(rows);
    skipped = List.copyOf(skipped);
    memoryRows = List.copyOf(memoryRows);
  }
}
