package org.llmplan.compare;

import org.llmplan.catalog.Catalog;
import org.llmplan.hardware.Accelerator;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.infer.InferenceEstimate;
import org.llmplan.plan.PlanFile;
import org.llmplan.plan.ServingPlan;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TimeEstimate;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingMemoryEstimator;
import org.llmplan.train.TrainingRun;
import org.llmplan.train.TrainingTimeEstimator;

/**
 * One plan in the numbers a comparison puts side by side.
 *
 * @param kind "training" or "serving"
 * @param setup the model, GPUs and layout in words
 * @param memoryBytes memory per GPU (the most loaded GPU in training; the engine's use in serving)
 * @param capacityBytes GPU memory
 * @param seconds step time in training, time to first token of one request alone in serving (NaN when it
 *     does not fit)
 * @param tokensPerSecond training throughput, or output tokens per second offline in serving (NaN likewise)
 * @param usdPerHour GPUs x price per GPU-hour of the plan (0 when no price is known)
 */
public record PlanSummary(String kind, String setup, int gpus, boolean fits, double memoryBytes,
    double capacityBytes, double seconds, double tokensPerSecond, double usdPerHour) {

  static PlanSummary of(PlanFile plan, Catalog catalog) {
    return plan.training() != null ? training(plan.training().toJob(catalog)) : serving(plan.serving(), catalog);
  }

  private static PlanSummary training(TrainingJob job) {
    MemoryEstimate memory = new TrainingMemoryEstimator().estimate(job);
    TimeEstimate time = new TrainingTimeEstimator().estimate(job);
    TrainingRun run = TrainingRun.of(job, time, 0, null);
    return new PlanSummary("training", job.model().name() + " on " + job.gpus() + " x " + job.gpu().name() + ", "
        + job.parallelism().label(), job.gpus(), memory.fits(), memory.totalBytes(), memory.capacityBytes(),
        time.stepSeconds(), time.tokensPerSecond(), run.usdPerGpuHour() * job.gpus());
  }

  private static PlanSummary serving(ServingPlan plan, Catalog catalog) {
    InferenceDeployment d = plan.deployment().toDeployment(catalog);
    InferenceEstimate e = InferenceEstimate.of(d, plan.deployment().lengths());
    int replicas = plan.replicas() != null ? plan.replicas() : 1;
    int gpus = replicas * d.tp() * d.pp();
    Accelerator gpu = d.gpu();
    double price = gpu.price() != null ? gpu.price().usdPerHour() : 0;
    return new PlanSummary("serving", d.model().name() + " on " + gpus + " x " + gpu.name() + ", " + replicas
        + " x TP" + d.tp() + " PP" + d.pp() + " " + d.weights().label(), gpus, e.memory().fits(),
        e.memory().usedBytes(), e.memory().capacityBytes(), e.ttftSeconds() != null ? e.ttftSeconds() : Double.NaN,
        e.offline() != null ? e.offline().outputTokensPerSecond() : Double.NaN, price * gpus);
  }
}
