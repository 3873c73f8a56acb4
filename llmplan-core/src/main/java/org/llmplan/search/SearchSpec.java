package org.llmplan.search;

import java.util.List;
import org.llmplan.reliability.ReliabilityModel;
import org.llmplan.hardware.StorageSystem;

/**
 * A checked layout search: the accelerators with their jobs and GPU counts, the token budget, the objective
 * and the limits (infinity where there is none). With {@code failures}, plans are judged by their expected
 * time with interruptions and asynchronous checkpoints to {@code checkpointStorage}; without, failure-free.
 * {@code rankBy} says whether the times are the estimates or the slow ends of their error bands.
 */
public record SearchSpec(
    List<GpuOption> options,
    double tokens,
    SearchObjective objective,
    OffloadChoice offload,
    double deadlineSeconds,
    double budgetUsd,
    int top,
    double timeLimitSeconds,
    ReliabilityModel failures,
    StorageSystem checkpointStorage,
    RankBy rankBy) {

  public SearchSpec {
    options = List.copyOf(options);
  }

  /** The same search stopped after at most {@code seconds} (what the HTTP API imposes). */
  public SearchSpec withTimeLimit(double seconds) {
    return new SearchSpec(options, tokens, objective, offload, deadlineSeconds, budgetUsd, top,
        Math.min(timeLimitSeconds, seconds), failures, checkpointStorage, rankBy);
  }
}
