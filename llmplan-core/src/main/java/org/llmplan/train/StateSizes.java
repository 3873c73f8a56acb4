package org.llmplan.train;

import java.util.ArrayList;
import java.util.List;
import org.llmplan.profile.PrecisionPolicy;
import org.llmplan.estimate.Part;
import org.llmplan.finetune.BaseWeights;
import org.llmplan.finetune.LoraSpec;
import org.llmplan.finetune.LoraTarget;
import org.llmplan.model.ModelSpec;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;

/**
 * Model state of one GPU (parameters, gradients, FP32 master weights, optimizer states), divided by the
 * ranks that shard each piece. Dense weights shard over DP x CP ranks, experts over the expert
 * data-parallel ranks (Megatron theoretical_memory_usage.py l.297-303). What is offloaded moves to host
 * memory or NVMe (ZeRO-Offload moves FP32 gradients with the optimizer, as DeepSpeed's estimator does).
 */
final class StateSizes {
  private final TrainingJob job;
  private final double dense;
  private final double experts;
  private final long totalParams;
  /** LoRA: the stage's adapter and frozen linear weights on this GPU (0 in full training). */
  private final double adapters;
  private final double frozenLinear;
  private double hostPerGpu;
  private double nvmePerGpu;

  StateSizes(TrainingJob job, double denseParams, double expertParams, long totalParams, int layers) {
    this.job = job;
    this.dense = denseParams;
    this.experts = expertParams;
    this.totalParams = totalParams;
    this.adapters = job.lora() == null ? 0 : FrozenBase.trainable(job, 0, layers);
    this.frozenLinear = job.lora() == null ? 0 : layers * LoraSpec.linearWeightsPerLayer(job.model())
        / (double) job.parallelism().tp();
  }

  /** Of {@code rankParams} parameters on this GPU, those with gradients: all, or the adapters under LoRA. */
  double trainable(double rankParams) {
    return job.lora() == null ? rankParams : adapters;
  }

  /** Parameters Transformer Engine caches an FP8 cast of: none when the frozen base is stored in FP8. */
  double fp8Cached(double rankParams) {
    return job.lora() != null && job.lora().base() == BaseWeights.FP8 ? 0 : rankParams;
  }

  /** Per-GPU count of parameters with optimizer state after dividing by the shard degree when {@code sharded}. */
  private double heldTrainable(boolean sharded) {
    return job.lora() == null ? held(sharded) : adapters / (sharded ? job.parallelism().denseShards() : 1);
  }

  /** Per-GPU count of parameters after dividing by the shard degree when {@code sharded}. */
  private double held(boolean sharded) {
    Parallelism p = job.parallelism();
    return sharded ? dense / p.denseShards() + experts / p.expertShards() : dense + experts;
  }

  private String shardText(boolean sharded) {
    Parallelism p = job.parallelism();
    if (!sharded) {
      return "";
    }
    String text = " / " + p.denseShards() + " shards";
    if (experts > 0) {
      text += " (experts / " + p.expertShards() + ")";
    }
    return text;
  }

  Part parameters() {
    Parallelism p = job.parallelism();
    boolean sharded = p.sharding().shardsParameters();
    if (job.lora() != null) {
      return frozenAndAdapters(sharded);
    }
    double bytes = job.policy().paramBytes(job.precision());
    double value = held(sharded) * bytes;
    return place("parameters", value, p.offloadParameters(),
        fmt(bytes) + " B/param x " + fmtParams(dense + experts) + " params" + shardText(sharded));
  }

  Part gradients() {
    Parallelism p = job.parallelism();
    boolean sharded = p.sharding().shardsGradients();
    double bytes = job.policy().gradBytes(job.precision());
    double value = heldTrainable(sharded) * bytes;
    OffloadTarget target = p.offloadOptimizer() != OffloadTarget.NONE ? p.offloadOptimizer() : p.offloadParameters();
    return place("gradients", value, target, fmt(bytes) + " B/param" + shardText(sharded)
        + (job.policy() == PrecisionPolicy.MEGATRON && bytes == 4 ? " (FP32 main grads)" : ""));
  }

  Part master() {
    Parallelism p = job.parallelism();
    boolean sharded = p.sharding().shardsOptimizer();
    double bytes = job.policy().masterBytes(job.precision());
    return place("masterWeights", heldTrainable(sharded) * bytes, p.offloadOptimizer(),
        bytes > 0 ? "FP32 copy: 4 B/param" + shardText(sharded) : "no separate master copy (" + job.policy() + ")");
  }

  Part optimizer() {
    Parallelism p = job.parallelism();
    boolean sharded = p.sharding().shardsOptimizer();
    Optimizer o = job.optimizer();
    double value;
    String basis;
    if (o == Optimizer.ADAFACTOR) {
      double factoredPerParam = job.model().parameters().factoredStateElements() * 4.0 / totalParams;
      value = heldTrainable(sharded) * factoredPerParam;
      basis = "factored second moment, rows + columns per matrix in FP32 (" + fmt(factoredPerParam)
          + " B/param)" + shardText(sharded);
    } else {
      double bytes = o.stateBytesPerParam(job.policy());
      value = heldTrainable(sharded) * bytes;
      basis = o.label() + ": " + fmt(bytes) + " B/param" + shardText(sharded)
          + (job.lora() != null && job.lora().pagedOptimizer() ? " (paged: moved to the host under pressure)" : "");
    }
    return place("optimizerStates", value, p.offloadOptimizer(), basis);
  }

  /**
   * A frozen base (its linear weights at the base storage's bytes, the rest 16-bit), the adapters at the
   * policy's parameter bytes, and under NF4 the 16-bit copy of the largest weight being dequantized.
   */
  private Part frozenAndAdapters(boolean sharded) {
    LoraSpec lora = job.lora();
    double shards = sharded ? job.parallelism().denseShards() : 1;
    double baseBytes = lora.baseBytesPerWeight();
    double base = ((dense - frozenLinear) * 2 + frozenLinear * baseBytes) / shards;
    double adapterBytes = job.policy().paramBytes(job.precision());
    List<Part> parts = new ArrayList<>(List.of(
        Part.leaf("frozen base", base, fmt(baseBytes) + " B/weight (" + lora.base().label()
            + (lora.doubleQuant() ? ", double-quantized scales" : "") + ") x " + fmtParams(frozenLinear)
            + " linear weights, 2 B x the other " + fmtParams(dense - frozenLinear) + shardText(sharded)),
        Part.leaf("adapters", adapters * adapterBytes / shards, fmt(adapterBytes) + " B/param x "
            + fmtParams(adapters) + " adapter params" + shardText(sharded))));
    if (lora.base() == BaseWeights.NF4) {
      ModelSpec m = job.model();
      double largest = LoraTarget.allLinear(m).stream().mapToDouble(t -> t.inputs(m) * t.outputs(m)).max()
          .orElse(0) / job.parallelism().tp();
      parts.add(Part.leaf("NF4 dequantization buffer", largest * 2,
          "the largest linear weight in 16 bits while its GEMM runs (bitsandbytes dequantize_4bit)"));
    }
    return Part.sum("parameters", lora.label(), parts);
  }

  /** Keeps {@code bytes} on the GPU, or moves it to host/NVMe and reports zero GPU bytes. */
  private Part place(String name, double bytes, OffloadTarget target, String basis) {
    if (target == OffloadTarget.NONE || bytes == 0) {
      return Part.leaf(name, bytes, basis);
    }
    double factor = job.framework().hostBufferFactor();
    if (target == OffloadTarget.CPU) {
      hostPerGpu += bytes * factor;
    } else {
      nvmePerGpu += bytes;
    }
    return Part.leaf(name, 0, "offloaded to " + target.label() + ": " + basis);
  }

  double hostPerNode() {
    return hostPerGpu * job.gpusPerNode();
  }

  double nvmePerNode() {
    return nvmePerGpu * job.gpusPerNode();
  }

  private static String fmt(double v) {
    return TrainingMemoryEstimator.fmt(v);
  }

  private static String fmtParams(double n) {
    if (n >= 1e9) {
      return String.format(java.util.Locale.ROOT, "%.2fB", n / 1e9);
    }
    return String.format(java.util.Locale.ROOT, "%.1fM", n / 1e6);
  }
}
