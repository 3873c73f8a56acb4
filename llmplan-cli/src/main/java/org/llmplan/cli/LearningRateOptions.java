package org.llmplan.cli;

import org.llmplan.plan.LearningRate;
import picocli.CommandLine.Option;

/** The learning-rate schedule the launch files carry (llmplan does not tune it; these are the defaults). */
public final class LearningRateOptions {
  @Option(names = "--lr", paramLabel = "RATE", description = "Peak learning rate after warmup (default: 3e-4).")
  double peak = LearningRate.DEFAULTS.peak();

  @Option(names = "--min-lr", paramLabel = "RATE", description = "Learning rate at the end of the decay (default: "
      + "3e-5).")
  double minimum = LearningRate.DEFAULTS.minimum();

  @Option(names = "--lr-warmup", paramLabel = "SHARE", description = "Share of the steps spent in linear warmup "
      + "(default: 0.01).")
  double warmup = LearningRate.DEFAULTS.warmupFraction();

  @Option(names = "--lr-decay", paramLabel = "STYLE", description = "Decay after warmup: cosine, linear or "
      + "constant (default: cosine).")
  String decay = LearningRate.DEFAULTS.decay();

  public LearningRate schedule() {
    return new LearningRate(peak, minimum, warmup, decay);
  }
}
