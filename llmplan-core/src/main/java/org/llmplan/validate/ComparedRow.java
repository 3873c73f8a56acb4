package org.llmplan.validate;

import java.util.List;
import org.llmplan.trust.Territory;

/**
 * One row compared: what ran, which quantity was compared in which FLOP convention, and how far off the
 * planner is.
 *
 * @param model the model the planner estimated (a catalog name, or the build the row describes)
 * @param layout the layout in the CLI's short form, e.g. "TP8 PP2 DP48 mb1 SP recompute=selective dist-opt"
 * @param convention null for token rates and step time, which need none
 * @param assumptions the mapping's defaults and substitutions for this row
 * @param family the validation family (source framework, dense or MoE), as {@link ValidationReport#byFamily}
 * @param where the territory of the run, for its family's error band
 */
public record ComparedRow(
    String id,
    String model,
    int gpus,
    String gpu,
    String layout,
    Metric metric,
    FlopConvention convention,
    double measured,
    double predicted,
    List<String> assumptions,
    String family,
    Territory where) {

  public ComparedRow {
    assumptions = List.copyOf(assumptions);
  }

  /** (predicted - measured) / measured, in percent: positive when the planner is too optimistic about a rate. */
  public double errorPct() {
    return (predicted - measured) / measured * 100;
  }
}
