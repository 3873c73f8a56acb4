package org.llmplan.search;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.llmplan.hardware.Accelerator;
import org.llmplan.model.ModelSpec;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;
import org.llmplan.profile.FrameworkProfile;
import org.llmplan.train.TrainingJob;

/**
 * Every legal layout of one job (model, GPU, framework, sequence, global batch) on one GPU count, built
 * from the rules rather than filtered by them: Megatron's divisibility checks (LayoutRules) and the
 * framework's options (TrainingJob). The job's constructor checks each layout again, so a layout this
 * produces is one that {@code llmplan train} accepts.
 *
 * <p>The dimensions: TP divides the heads, KV heads and FFN widths and stays within the scale-up (NVLink)
 * domain and the node; CP divides the sequence into 2 x CP chunks; PP divides the layers, or splits them
 * unevenly with lighter first and last stages, or counts the embedding and loss as layers, each split with the
 * virtual stages it allows ({@link PipelineSplits}); DP is what is left; EP divides the experts and TP x DP x CP (folded over TP with expert TP 1 where it
 * exceeds DP x CP, Megatron's MoE parallel folding); the micro-batch divides the global batch per DP rank (the
 * gradient accumulation steps follow); sequence parallelism where TP is above 1; every recompute mode and
 * sharding the framework offers, hybrid FSDP with every shard group that divides DP. Offload is not
 * enumerated here: {@link #offloadVariants} lists it for the layouts that do not fit without it.
 */
final class LayoutSpace {
  /** The outer dimensions of a layout: one unit of parallel work for the search. */
  record Shape(int tp, int cp, int pp) {}

  /** What the enumeration does after a layout. */
  enum Verdict {
    NEXT,
    /**
     * Skip the larger micro-batches of this layout: it does not fit, with any offload, and memory never falls
     * as the micro-batch grows (activations, logits and buffers grow with it; the in-flight micro-batches of
     * the first stage times the micro-batch, min(m, p) x b = min(B / DP, p x b), too).
     */
    LARGER_MICRO_BATCHES_DO_NOT_FIT,
    /** Stop the enumeration: interrupted or past the time limit. */
    STOP
  }

  /** Receives layouts and says what to do next. */
  interface Consumer {
    Verdict accept(Parallelism layout);
  }

  private final ModelSpec model;
  private final FrameworkProfile framework;
  private final int gpus;
  private final int gpusPerNode;
  private final int seq;
  private final int globalBatch;
  private final int tpLimit;
  /** Offload variants of a layout by its sharding (they depend on nothing else). */
  private final int[] offloadCounts = new int[Sharding.values().length];

  LayoutSpace(TrainingJob base, int gpus) {
    this.model = base.model();
    this.framework = base.framework();
    this.gpus = gpus;
    this.gpusPerNode = base.gpusPerNode();
    this.seq = base.seq();
    this.globalBatch = base.globalBatch();
    this.tpLimit = tensorParallelLimit(base.gpu(), base.gpusPerNode(), framework);
    for (Sharding sharding : Sharding.values()) {
      offloadCounts[sharding.ordinal()] = offloadVariants(Parallelism.builder().sharding(sharding).build()).size();
    }
  }

  /**
   * TP stays inside the scale-up domain: the node, or the domain where it spans nodes (NVL72 trays); tensor-parallel
   * traffic on every layer needs NVLink.
   */
  static int tensorParallelLimit(Accelerator gpu, int gpusPerNode, FrameworkProfile framework) {
    int domain = gpu.scaleUp() == null ? 1 : Math.max(1, gpu.scaleUp().domain());
    int limit = Math.min(domain, gpu.scaleUpGpus(gpusPerNode, Integer.MAX_VALUE));
    return framework.maxTensorParallel() > 0 ? Math.min(limit, framework.maxTensorParallel()) : limit;
  }

  List<Shape> shapes() {
    List<Shape> shapes = new ArrayList<>();
    for (int tp : divisors(gpus)) {
      if (!tensorParallelFits(tp)) {
        continue;
      }
      for (int cp : divisors(gpus / tp)) {
        if (cp > 1 && seq % (2 * cp) != 0) {
          continue;
        }
        for (int pp : divisors(gpus / (tp * cp))) {
          int dp = gpus / (tp * cp * pp);
          if (pp > model.layers() || globalBatch % dp != 0
              || framework.maxPipelineParallel() > 0 && pp > framework.maxPipelineParallel()) {
            continue;
          }
          if (!PipelineSplits.of(model.layers(), pp).isEmpty()) {
            shapes.add(new Shape(tp, cp, pp));
          }
        }
      }
    }
    return shapes;
  }

  /**
   * GPU counts in ({@code above}, {@code limit}] on which the job has a legal layout at all: TP x CP x PP x DP
   * with each size legal on its own and DP dividing the global batch. Ascending.
   */
  static SortedSet<Integer> legalCounts(TrainingJob base, int above, int limit) {
    LayoutSpace sizes = new LayoutSpace(base, 1);
    List<Integer> dataParallel = divisors(base.globalBatch());
    List<Integer> contextParallel = base.seq() % 2 == 0 ? divisors(base.seq() / 2) : List.of(1);
    int maxPp = sizes.framework.maxPipelineParallel() > 0
        ? Math.min(sizes.model.layers(), sizes.framework.maxPipelineParallel()) : sizes.model.layers();
    SortedSet<Integer> counts = new TreeSet<>();
    for (int tp = 1; tp <= sizes.tpLimit; tp++) {
      for (int cp : sizes.tensorParallelFits(tp) ? contextParallel : List.<Integer>of()) {
        for (int pp = 1; pp <= maxPp && (long) tp * cp * pp <= limit; pp++) {
          if (PipelineSplits.of(sizes.model.layers(), pp).isEmpty()) {
            continue;
          }
          for (int dp : dataParallel) {
            long count = (long) tp * cp * pp * dp;
            if (count > above && count <= limit) {
              counts.add((int) count);
            }
          }
        }
      }
    }
    return counts;
  }

  private boolean tensorParallelFits(int tp) {
    return tp <= tpLimit && model.heads() % tp == 0
        && (model.mla() != null || model.kvHeads() % tp == 0)
        && (model.denseLayers() == 0 || model.ffn() % tp == 0)
        && (!model.isMoe() || model.moe().expertFfn() % tp == 0);
  }

  /**
   * Every legal layout of this shape without offload, micro-batch sizes innermost and ascending. Returns how
   * many layouts of the space it covered (with {@code offload}, their offload variants too), those the
   * consumer had skipped included (up to where the consumer stopped the enumeration, if it did).
   */
  long forEach(Shape s, boolean offload, Consumer consumer) {
    int dp = gpus / (s.tp() * s.cp() * s.pp());
    List<Integer> microBatchSizes = divisors(globalBatch / dp);
    List<Integer> groupsUnderHybrid = shardGroups(dp);
    long covered = 0;
    for (PipelineSplits.Split split : PipelineSplits.of(model.layers(), s.pp())) {
      for (int ep : expertParallel(s.tp() * dp * s.cp())) {
        // EP beyond DP x CP folds over the TP ranks (expert TP 1), which needs sequence parallelism.
        boolean folded = (dp * s.cp()) % ep != 0;
        for (int vpp : split.virtualStages()) {
          for (int spIndex = folded ? 1 : 0; spIndex < (s.tp() > 1 ? 2 : 1); spIndex++) {
            for (Recompute recompute : framework.recompute()) {
              for (Sharding sharding : framework.shardings()) {
                long withOffload = 1 + (offload ? offloadCounts[sharding.ordinal()] : 0);
                for (int group : sharding == Sharding.FSDP_HYBRID ? groupsUnderHybrid : List.of(0)) {
                  boolean skipping = false;
                  for (int mb : microBatchSizes) {
                    if (vpp > 1 && globalBatch / (dp * mb) % s.pp() != 0) {
                      continue;
                    }
                    // Layouts the framework's engine cannot run are not candidates (its profile's LayoutSupport).
                    if (framework.layouts().refusal(framework.name(), s.tp(), s.pp(), s.cp(), vpp, sharding) != null) {
                      continue;
                    }
                    covered += withOffload;
                    if (skipping) {
                      continue;
                    }
                    Parallelism p = split.applyTo(Parallelism.builder(), vpp).tp(s.tp()).pp(s.pp()).dp(dp)
                        .cp(s.cp()).ep(ep).microBatch(mb).sequenceParallel(spIndex == 1).sharding(sharding)
                        .shardGroup(group).recompute(recompute).build();
                    Verdict verdict = consumer.accept(p);
                    if (verdict == Verdict.STOP) {
                      return covered;
                    }
                    skipping = verdict == Verdict.LARGER_MICRO_BATCHES_DO_NOT_FIT;
                  }
                }
              }
            }
          }
        }
      }
    }
    return covered;
  }

  /** EP sizes: divisors of the experts and of TP x DP x CP (beyond DP x CP, folded over TP). */
  private List<Integer> expertParallel(int ranks) {
    if (!model.isMoe()) {
      return List.of(1);
    }
    List<Integer> eps = new ArrayList<>();
    for (int ep : divisors(ranks)) {
      if (model.moe().experts() % ep == 0) {
        eps.add(ep);
      }
    }
    return eps;
  }

  /** Shard groups of hybrid FSDP: every group size strictly between 1 and DP that divides DP. */
  private static List<Integer> shardGroups(int dp) {
    List<Integer> groups = new ArrayList<>();
    for (int g : divisors(dp)) {
      if (g > 1 && g < dp) {
        groups.add(g);
      }
    }
    return groups;
  }

  /**
   * The same layout with state moved off the GPU, least offload first: the optimizer (to CPU, then NVMe),
   * then the parameters with each optimizer target; only what the framework implements and its rules allow
   * (parameters need ZeRO-3/FSDP full sharding; optimizer offload needs a sharded optimizer where the
   * framework has ZeRO-1; NVMe for the optimizer needs ZeRO-3).
   */
  List<Parallelism> offloadVariants(Parallelism p) {
    List<Parallelism> variants = new ArrayList<>();
    boolean optimizer = framework.offload().contains("optimizer")
        && (p.sharding().shardsOptimizer() || !framework.shardings().contains(Sharding.ZERO1));
    boolean parameters = framework.offload().contains("parameters") && p.sharding().shardsParameters();
    for (OffloadTarget params : OffloadTarget.values()) {
      for (OffloadTarget opt : OffloadTarget.values()) {
        boolean legal = (params == OffloadTarget.NONE || parameters) && (opt == OffloadTarget.NONE || optimizer)
            && (opt != OffloadTarget.NVME || p.sharding().shardsParameters());
        if (legal && (params != OffloadTarget.NONE || opt != OffloadTarget.NONE)) {
          variants.add(p.toBuilder().offloadOptimizer(opt).offloadParameters(params).build());
        }
      }
    }
    return variants;
  }

  /** The divisors of {@code n}, ascending. */
  static List<Integer> divisors(int n) {
    List<Integer> small = new ArrayList<>();
    List<Integer> large = new ArrayList<>();
    for (int d = 1; (long) d * d <= n; d++) {
      if (n % d == 0) {
        small.add(d);
        if (d != n / d) {
          large.add(0, n / d);
        }
      }
    }
    small.addAll(large);
    return small;
  }
}
