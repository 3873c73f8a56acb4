package org.llmplan.search;

/** A candidate with what the objective and limits judge: its time to train, cost and GPUs. */
record ScoredCandidate(Candidate candidate, GpuGroup group, double seconds, double cost) {
  int gpus() {
    return group.gpus();
  }
}
