package org.llmplan.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

  /** The error of each validation family's compared rows, families in name order. */
  public Map<String, ErrorSummary> byFamily() {
    Map<String, List<Double>> errors = new TreeMap<>();
    for (ComparedRow r : rows) {
      errors.computeIfAbsent(r.family(), f -> new ArrayList<>()).add(r.errorPct());
    }
    Map<String, ErrorSummary> out = new LinkedHashMap<>();
    errors.forEach((family, e) -> out.put(family, ErrorSummary.of(e, 0)));
    return out;
  }
}
