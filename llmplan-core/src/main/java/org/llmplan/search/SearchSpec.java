package org.llmplan.search;

import java.util.List;

/**
 * A checked layout search: the accelerators with their jobs and GPU counts, the token budget, the objective
 * and the limits (infinity where there is none).
 */
public record SearchSpec(
    List<GpuOption> options,
    double tokens,
    SearchObjective objective,
    OffloadChoice offload,
    double deadlineSeconds,
    double budgetUsd,
    int top,
    double timeLimitSeconds) {

  public SearchSpec {
    options = List.copyOf(options);
  }

  /** The same search stopped after at most {@code seconds} (what the HTTP API imposes). */
  public SearchSpec withTimeLimit(double seconds) {
    return new SearchSpec(options, tokens, objective, offload, deadlineSeconds, budgetUsd, top,
        Math.min(timeLimitSeconds, seconds));
  }
}
