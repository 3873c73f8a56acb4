package org.llmplan.train;

import org.llmplan.profile.PrecisionPolicy;
import org.llmplan.estimate.Part;
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
  private double hostPerGpu;
  private double nvmePerGpu;

  StateSizes(TrainingJob job, double denseParams, double expertParams, long totalParams) {
    this.job = job;
    this.dense = denseParams;
    this.experts = expertParams;
    this.totalParams = totalParams;
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
    double bytes = job.policy().paramBytes(job.precision());
    double value = held(sharded) * bytes;
    return place("parameters", value, p.offloadParameters(),
        fmt(bytes) + " B/param x " + fmtParams(dense + experts) + " params" + shardText(sharded));
  }

  Part gradients() {
    Parallelism p = job.parallelism();
    boolean sharded = p.sharding().shardsGradients();
    double bytes = job.policy().gradBytes(job.precision());
    double value = held(sharded) * bytes;
    OffloadTarget target = p.offloadOptimizer() != OffloadTarget.NONE ? p.offloadOptimizer() : p.offloadParameters();
    return place("gradients", value, target, fmt(bytes) + " B/param" + shardText(sharded)
        + (job.policy() == PrecisionPolicy.MEGATRON && bytes == 4 ? " (FP32 main grads)" : ""));
  }

  Part master() {
    Parallelism p = job.parallelism();
    boolean sharded = p.sharding().shardsOptimizer();
    double bytes = job.policy().masterBytes(job.precision());
    return place("masterWeights", held(sharded) * bytes, p.offloadOptimizer(),
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
      value = held(sharded) * factoredPerParam;
      basis = "factored second moment, rows + columns per matrix in FP32 (" + fmt(factoredPerParam)
          + " B/param)" + shardText(sharded);
    } else {
      double bytes = o.stateBytesPerParam(job.policy());
      value = held(sharded) * bytes;
      basis = o.label() + ": " + fmt(bytes) + " B/param" + shardText(sharded);
    }
    return place("optimizerStates", value, p.offloadOptimizer(), basis);
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
