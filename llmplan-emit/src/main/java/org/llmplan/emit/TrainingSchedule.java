package org.llmplan.emit;

import org.llmplan.catalog.Catalog;
import org.llmplan.plan.LearningRate;
import org.llmplan.plan.RunPlan;
import org.llmplan.reliability.GoodputEstimator;
import org.llmplan.reliability.GoodputRequest;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TimeEstimate;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingRun;

/**
 * How long the launched run trains and how often it saves, from the plan: steps from the token budget and the
 * tokens per step, the checkpoint interval that {@code llmplan train} computed (Daly's optimum or the user's)
 * turned into steps, and the learning-rate schedule over those steps. Every framework's files carry these
 * numbers, so none of them trains for a fixed 1000 steps whatever the plan says.
 *
 * @param tokens the token budget the steps cover
 * @param tokensSource where the budget comes from: the plan's, or the Chinchilla default when it has none
 * @param steps optimizer steps: ceil(tokens / tokens per step)
 * @param checkpointSeconds compute seconds between checkpoints
 * @param saveInterval steps between checkpoints: the interval over the step time, at least 1, at most the run
 * @param learningRate the schedule
 * @param warmupSteps linear warmup steps of the schedule
 */
public record TrainingSchedule(double tokens, String tokensSource, long steps, double checkpointSeconds,
    long saveInterval, LearningRate learningRate, long warmupSteps) {

  /**
   * Tokens per parameter of a compute-optimal run (Hoffmann et al. 2022, "Training Compute-Optimal Large Language
   * Models", table 3: about 20), the budget of a plan saved without one.
   */
  static final double CHINCHILLA_TOKENS_PER_PARAMETER = 20;

  static TrainingSchedule of(TrainingJob job, TimeEstimate time, MemoryEstimate memory, RunPlan run, Catalog catalog) {
    double tokens = run.tokenBudget();
    String source = "the plan's token budget";
    if (tokens <= 0) {
      tokens = CHINCHILLA_TOKENS_PER_PARAMETER * job.model().parameters().total();
      source = "no token budget in the plan: 20 tokens per parameter (Chinchilla); pass --tokens to train";
    }
    TrainingRun training = TrainingRun.of(job, time, tokens, run.usdPerGpuHour());
    long steps = Math.max(1, (long) training.steps());
    GoodputRequest asked = run.checkpoints().request(catalog);
    // The interval does not depend on the Monte Carlo runs, so the emitter skips them.
    GoodputRequest noSimulation = new GoodputRequest(asked.storage(), asked.mode(), asked.intervalSeconds(),
        asked.stallBudget(), asked.failures(), asked.restartSeconds(), asked.bytesPerSample(), 0, asked.seed());
    double interval = new GoodputEstimator().estimate(job, memory, training, noSimulation).reliability()
        .intervalSeconds();
    long save = Math.max(1, Math.min(steps, Math.round(interval / time.stepSeconds())));
    LearningRate lr = run.learningRate();
    return new TrainingSchedule(tokens, source, steps, interval, save, lr, lr.warmupSteps(steps));
  }
}
