package org.llmplan.train;

/** Step time of a training job (work in progress: the body lands in the next commit). */
public final class TrainingTimeEstimator {
  public TimeEstimate estimate(TrainingJob job) {
    throw new UnsupportedOperationException("not yet");
  }
}
