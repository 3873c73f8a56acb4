package org.llmplan.train;

import org.llmplan.error.InvalidLayoutException;
import org.llmplan.error.InvalidValueException;
import org.llmplan.estimate.Part;
import org.llmplan.finetune.BaseWeights;
import org.llmplan.finetune.LoraSpec;
import org.llmplan.finetune.LoraTarget;
import org.llmplan.hardware.Precision;
import org.llmplan.model.ModelSpec;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.profile.FrameworkProfile;

/**
 * The hooks through which a LoRA/QLoRA job ({@link TrainingJob#lora()}) changes the training estimators; every
 * method answers as full training does when the job has no adapters. A frozen weight needs no weight gradient
 * (its backward GEMM is the input gradient only) and no saved input unless an adapter reads it; each adapter
 * adds two thin GEMMs forward and four backward (x A, (x A) B; their input and weight gradients) and the
 * scale-and-add of its output; an NF4 weight is dequantized to 16 bits before each forward and each backward
 * GEMM, as bitsandbytes' MatMul4Bit does (bitsandbytes/autograd/_functions.py: dequantize_4bit in forward and
 * again for grad_A).
 */
final class FrozenBase {
  private FrozenBase() {}

  /** Refuses what the adapters' framework or this model of them cannot run, with what to change. */
  static void check(ModelSpec m, Precision precision, Parallelism p, FrameworkProfile f, LoraSpec lora) {
    if (lora == null) {
      return;
    }
    lora.checkModel(m);
    if (f.lora().isEmpty()) {
      throw new InvalidLayoutException(f.name() + " has no LoRA; use --framework hf, fsdp, deepspeed or megatron");
    }
    if (!f.loraOver(lora.base().label())) {
      throw new InvalidLayoutException(f.name() + " does not fine-tune adapters over " + lora.base().label()
          + " base weights; it takes " + f.lora() + (lora.base() == BaseWeights.NF4 ? "; use --framework hf" : ""));
    }
    if (lora.base() == BaseWeights.NF4 && precision.bytes() != 2) {
      throw new InvalidValueException("NF4 base weights are dequantized to 16 bits for every GEMM; use --precision "
          + "bf16");
    }
    if (lora.base() == BaseWeights.FP8 && precision != Precision.FP8) {
      throw new InvalidValueException("FP8 base weights feed FP8 GEMMs; use --precision fp8 or --base-precision bf16");
    }
    if (p.offloadOptimizer() != OffloadTarget.NONE || p.offloadParameters() != OffloadTarget.NONE) {
      throw new InvalidValueException("offload with LoRA is not modelled (the adapters' state is small); drop "
          + "--offload-optimizer and --offload-params");
    }
  }

  /** Weight-gradient GEMMs of the base per forward GEMM: 1 when every weight trains, 0 when frozen. */
  static double weightGradients(TrainingJob job) {
    return job.lora() == null ? 1 : 0;
  }

  /** Whether backward still needs this block input: every input in full training, else what adapters read. */
  static boolean keeps(TrainingJob job, LoraTarget.Input input) {
    return job.lora() == null || job.lora().reads(input);
  }

  /** Parameters whose gradients and optimizer states one GPU holds: all it holds, or its adapters. */
  static double trainable(TrainingJob job, double paramsPerRank, double layers) {
    LoraSpec lora = job.lora();
    return lora == null ? paramsPerRank : lora.adapterParamsPerLayer(job.model()) * layers / job.parallelism().tp();
  }

  /** Adapter forward GEMMs, scale-and-add, and NF4 dequantization of one block for {@code tokens} tokens. */
  static double forward(TrainingJob job, StepKernels r, double tokens) {
    LoraSpec lora = job.lora();
    if (lora == null) {
      return 0;
    }
    double e = job.activationBytes();
    double seconds = dequantize(job, r);
    for (LoraTarget t : lora.targets()) {
      double in = local(job, t, true);
      double out = local(job, t, false);
      seconds += r.gemm(tokens, lora.rank(), in, e) + r.gemm(tokens, out, lora.rank(), e)
          + r.stream(5 * tokens * out * e, 2); // scale (read, write) and add to the base output (2 reads, write)
    }
    return seconds;
  }

  /** Adapter backward: input and weight gradients of A and B, the scaled gradient, and NF4 dequantization. */
  static double backward(TrainingJob job, StepKernels r, double tokens) {
    LoraSpec lora = job.lora();
    if (lora == null) {
      return 0;
    }
    double e = job.activationBytes();
    double rank = lora.rank();
    double seconds = dequantize(job, r);
    for (LoraTarget t : lora.targets()) {
      double in = local(job, t, true);
      double out = local(job, t, false);
      seconds += r.gemm(tokens, rank, out, e) + r.gemm(tokens, in, rank, e) // input gradients through B, then A
          + r.gemm(out, rank, tokens, e) + r.gemm(rank, in, tokens, e) // weight gradients of B and A
          + r.stream(2 * tokens * out * e + 3 * tokens * in * e, 2); // scale dY; add into the input gradient
    }
    return seconds;
  }

  /** NF4 weights of one block's GEMMs to 16 bits: read 4 bits and the scales, write 2 B, per linear weight. */
  private static double dequantize(TrainingJob job, StepKernels r) {
    LoraSpec lora = job.lora();
    if (lora.base() != BaseWeights.NF4) {
      return 0;
    }
    ModelSpec m = job.model();
    double weights = LoraSpec.linearWeightsPerLayer(m) / (double) job.parallelism().tp();
    int kernels = LoraTarget.allLinear(m).size() * (lora.doubleQuant() ? 2 : 1); // double quant: scales first
    return r.stream(weights * (lora.baseBytesPerWeight() + 2), kernels);
  }

  /** The adapter's input or output width on one GPU: TP splits what it splits of the frozen weight. */
  private static double local(TrainingJob job, LoraTarget t, boolean input) {
    double width = input ? t.inputs(job.model()) : t.outputs(job.model());
    return t.rowParallel() == input ? width / job.parallelism().tp() : width;
  }

  /** What each adapter keeps for its B gradient: x A, r wide per token (null in full training). */
  static Part activations(TrainingJob job, double tokens) {
    LoraSpec lora = job.lora();
    if (lora == null) {
      return null;
    }
    int n = lora.targets().size();
    return Part.leaf("adapter intermediates", n * tokens * lora.rank() * job.activationBytes(),
        n + " adapters x s*b*r*bytes (x A, for the gradient of B)");
  }

  /** Model FLOPs per token beyond the frozen base's forward and input gradient: the adapters' 6 per parameter. */
  static double adapterFlopsPerToken(TrainingJob job) {
    return job.lora() == null ? 0 : 6.0 * job.lora().adapterParams(job.model());
  }
}
