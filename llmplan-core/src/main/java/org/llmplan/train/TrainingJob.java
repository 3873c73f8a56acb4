package org.llmplan.train;

import org.llmplan.profile.PrecisionPolicy;
import org.llmplan.profile.AttentionImpl;
import org.llmplan.profile.FrameworkProfile;
import org.llmplan.error.InvalidLayoutException;
import org.llmplan.error.InvalidValueException;
import org.llmplan.finetune.LoraSpec;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Precision;
import org.llmplan.hardware.ScaleOut;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.Positional;
import org.llmplan.parallel.LayoutRules;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Sharding;

/**
 * Everything a training estimate depends on. The constructor checks the inputs and the layout rules, so a
 * job that exists is one the estimators can evaluate.
 *
 * @param globalBatch sequences per optimizer step
 * @param hostMemoryGiB CPU memory per node, 0 when unknown
 * @param scaleOut the nodes' network (NICs and their speed)
 * @param recipe how the GEMM inputs are quantized ({@link QuantizationRecipe#NONE} at 16 bits)
 * @param lora the adapters of a LoRA/QLoRA fine-tune over a frozen base, or null when every weight trains
 */
public record TrainingJob(
    ModelSpec model,
    Accelerator gpu,
    int gpus,
    int gpusPerNode,
    Parallelism parallelism,
    int seq,
    int globalBatch,
    Precision precision,
    PrecisionPolicy policy,
    Optimizer optimizer,
    FrameworkProfile framework,
    AttentionImpl attention,
    double hostMemoryGiB,
    ScaleOut scaleOut,
    QuantizationRecipe recipe,
    LoraSpec lora) {

  /** Sequence lengths beyond this are not a training job anyone runs (10 M tokens). */
  public static final int MAX_SEQ = 10_000_000;

  public TrainingJob {
    if (recipe == null) {
      recipe = QuantizationRecipe.defaultFor(precision);
    }
    checkRanges(gpus, gpusPerNode, seq, globalBatch, parallelism, hostMemoryGiB);
    if (gpu.peakFlops(precision) <= 0) {
      throw new InvalidValueException(gpu.name() + " has no " + precision.label() + " mode; choose another "
          + "precision or GPU");
    }
    if (model.positional() == Positional.LEARNED && seq > model.positionRows()) {
      throw new InvalidValueException("sequence length " + seq + " exceeds the " + model.positionRows()
          + " learned positions of " + model.name() + "; use a shorter sequence");
    }
    recipe.checkRunsOn(gpu, precision);
    checkFramework(parallelism, framework);
    FrozenBase.check(model, precision, parallelism, framework, lora);
    LayoutRules.check(model, parallelism, gpus, seq, globalBatch);
  }

  /** A job with the default recipe of its precision (fp8: tensorwise delayed scaling). */
  public TrainingJob(ModelSpec model, Accelerator gpu, int gpus, int gpusPerNode, Parallelism parallelism, int seq,
      int globalBatch, Precision precision, PrecisionPolicy policy, Optimizer optimizer, FrameworkProfile framework,
      AttentionImpl attention, double hostMemoryGiB, ScaleOut scaleOut) {
    this(model, gpu, gpus, gpusPerNode, parallelism, seq, globalBatch, precision, policy, optimizer, framework,
        attention, hostMemoryGiB, scaleOut, null, null);
  }

  /** A job where every weight trains (no adapters). */
  public TrainingJob(ModelSpec model, Accelerator gpu, int gpus, int gpusPerNode, Parallelism parallelism, int seq,
      int globalBatch, Precision precision, PrecisionPolicy policy, Optimizer optimizer, FrameworkProfile framework,
      AttentionImpl attention, double hostMemoryGiB, ScaleOut scaleOut, QuantizationRecipe recipe) {
    this(model, gpu, gpus, gpusPerNode, parallelism, seq, globalBatch, precision, policy, optimizer, framework,
        attention, hostMemoryGiB, scaleOut, recipe, null);
  }

  /** The precision as a user names it: the recipe where one quantizes the GEMMs, else the precision. */
  public String precisionLabel() {
    return recipe == QuantizationRecipe.NONE ? precision.label() : recipe.label();
  }

  /** Every count within what any real job has, so that no later product overflows. */
  private static void checkRanges(int gpus, int gpusPerNode, int seq, int globalBatch, Parallelism p,
      double hostMemoryGiB) {
    InvalidValueException.requireInRange("gpus", gpus, 1, 1_000_000);
    InvalidValueException.requireInRange("gpus per node", gpusPerNode, 1, 1024);
    InvalidValueException.requireInRange("sequence length", seq, 1, MAX_SEQ);
    InvalidValueException.requireInRange("global batch", globalBatch, 1, 100_000_000);
    InvalidValueException.requireInRange("micro-batch", p.microBatch(), 1, 1_000_000);
    InvalidValueException.requireInRange("tp", p.tp(), 1, 1_000_000);
    InvalidValueException.requireInRange("pp", p.pp(), 1, 1_000_000);
    InvalidValueException.requireInRange("dp", p.dp(), 1, 1_000_000);
    InvalidValueException.requireInRange("cp", p.cp(), 1, 1_000_000);
    InvalidValueException.requireInRange("ep", p.ep(), 1, 1_000_000);
    InvalidValueException.requireInRange("vpp", p.vpp(), 1, 1_000);
    InvalidValueException.requireInRange("host memory (GiB)", hostMemoryGiB, 0, 1e7);
  }

  private static void checkFramework(Parallelism p, FrameworkProfile f) {
    if (!f.shardings().contains(p.sharding())) {
      throw new InvalidLayoutException(f.name() + " does not implement sharding " + p.sharding().label()
          + "; it offers " + f.shardings().stream().map(s -> s.label()).toList());
    }
    if (!f.recompute().contains(p.recompute())) {
      throw new InvalidLayoutException(f.name() + " does not implement " + p.recompute().label()
          + " recompute; it offers " + f.recompute().stream().map(r -> r.label()).toList());
    }
    if (f.maxTensorParallel() > 0 && p.tp() > f.maxTensorParallel()) {
      throw new InvalidLayoutException(f.name() + " supports TP up to " + f.maxTensorParallel() + "; use --tp "
          + f.maxTensorParallel() + " or --framework megatron");
    }
    if (f.maxPipelineParallel() > 0 && p.pp() > f.maxPipelineParallel()) {
      throw new InvalidLayoutException(f.name() + " supports PP up to " + f.maxPipelineParallel() + "; use --pp "
          + f.maxPipelineParallel() + " or --framework megatron");
    }
    checkOffload(p, f);
  }

  /** What the framework can move off the GPU, and the sharding each offload needs. */
  private static void checkOffload(Parallelism p, FrameworkProfile f) {
    if (!f.canOffload("optimizer", p.offloadOptimizer())) {
      throw new InvalidLayoutException(f.name() + " cannot offload the optimizer; use --framework deepspeed");
    }
    if (!f.canOffload("parameters", p.offloadParameters())) {
      throw new InvalidLayoutException(f.name() + " cannot offload parameters; use --framework deepspeed or fsdp");
    }
    if (p.offloadOptimizer() != OffloadTarget.NONE && !p.sharding().shardsOptimizer()
        && f.offload().contains("optimizer") && f.shardings().contains(Sharding.ZERO1)) {
      throw new InvalidLayoutException("optimizer offload in " + f.name() + " needs ZeRO stage 1 or higher (zero1)");
    }
    if (p.offloadOptimizer() == OffloadTarget.NVME && !p.sharding().shardsParameters()) {
      throw new InvalidLayoutException("optimizer offload to NVMe needs ZeRO-3 (DeepSpeed's offload_optimizer with "
          + "device nvme works only in stage 3); use --offload-optimizer cpu or --zero 3");
    }
  }

  /** Micro-batches each pipeline runs per optimizer step (gradient accumulation steps). */
  /** GPUs on one scale-up link: the node, or the NVLink domain of several nodes (trays) the accelerator spans. */
  public int scaleUpGpus() {
    return gpu.scaleUpGpus(gpusPerNode, gpus);
  }

  public int microBatches() {
    return globalBatch / (parallelism.microBatch() * parallelism.dp());
  }

  /** Activation element size: 16-bit under mixed precision (FP8 GEMM inputs are not counted separately). */
  public double activationBytes() {
    return precision == Precision.FP32 || precision == Precision.TF32 ? 4 : 2;
  }

  /**
   * The same job on another layout (the GPU count follows the layout) and global batch, refused where the
   * framework's engine cannot run that layout ({@link #requireRunnable}).
   */
  public TrainingJob with(Parallelism p, int newGlobalBatch) {
    return new TrainingJob(model, gpu, p.gpus(), gpusPerNode, p, seq, newGlobalBatch, precision, policy, optimizer,
        framework, attention, hostMemoryGiB, scaleOut, recipe, lora).requireRunnable();
  }

  /**
   * This job, or a one-line refusal where its framework's engine cannot run the layout (the profile's
   * {@link org.llmplan.profile.LayoutSupport}: DeepSpeed's pipeline engine, say). Jobs a user asks for and the
   * search's candidates are checked; the constructor is not, so the estimators' formulas can be tested on any layout.
   */
  public TrainingJob requireRunnable() {
    String refused = framework.layouts().refusal(framework.name(), parallelism.tp(), parallelism.pp(),
        parallelism.cp(), parallelism.vpp(), parallelism.sharding());
    if (refused != null) {
      throw new InvalidLayoutException(refused);
    }
    return this;
  }
}
