package org.llmplan.trust;

import org.llmplan.infer.InferenceDeployment;
import org.llmplan.train.TrainingJob;

/** The bands the jar ships, read once, and the band of a training job or a serving replica. */
public final class Trust {
  private Trust() {}

  /** Read on first use: a plan that prints no band never reads them. */
  private static final class Shipped {
    static final ErrorBands TRAINING = BandsFile.embedded(BandsFile.TRAINING).bands();
    static final ErrorBands INFERENCE = BandsFile.embedded(BandsFile.INFERENCE).bands();
  }

  /** The band of a training job's step time (and so its throughput, time to train and cost). */
  public static Band training(TrainingJob job) {
    return Shipped.TRAINING.around(TrainingTerritory.of(job));
  }

  /** The band of a replica's throughput, or with {@code latency} of its per-request latencies. */
  public static Band inference(InferenceDeployment d, boolean latency) {
    return Shipped.INFERENCE.around(InferenceTerritory.of(d, latency));
  }
}
