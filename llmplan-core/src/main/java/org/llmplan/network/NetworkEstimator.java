package org.llmplan.network;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.llmplan.comm.Collectives;
import org.llmplan.comm.GroupPlacement;
import org.llmplan.hardware.ScaleOut;
import org.llmplan.hardware.ScaleUp;
import org.llmplan.model.ModelSpec;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;
import org.llmplan.profile.PrecisionPolicy;
import org.llmplan.train.StageLayers;
import org.llmplan.train.StepTimes;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingTimeEstimator;

/**
 * Bytes per step on each link class for each parallel dimension, with the time the links take and the
 * part of it the step waits for. The messages, groups and collectives are those of
 * {@link TrainingTimeEstimator} (same sizes, same {@link GroupPlacement}, same {@link Collectives} links), so
 * a dimension's transfer time is what the estimator costs before overlap, and its exposed time is the
 * estimator's own part of the step.
 */
public final class NetworkEstimator {
  private final TrainingTimeEstimator time = new TrainingTimeEstimator();

  public NetworkEstimate estimate(TrainingJob job) {
    StepTimes st = time.stepTimes(job);
    Collectives net = TrainingTimeEstimator.collectives(job);
    WireTraffic wire = new WireTraffic(net);
    int stage = stageWithMostLayers(job.model(), job.parallelism());
    int layers = StageLayers.count(job.model(), job.parallelism(), stage);
    Map<Dimension, Traffic> traffic = new EnumMap<>(Dimension.class);
    modelParallel(job, wire, stage, traffic);
    dataParallel(job, wire, job.microBatches(), traffic);
    double nicShare = (double) job.gpusPerNode() / job.scaleOut().nicsPerNode();
    List<DimensionTraffic> dims = dimensions(traffic, st, nicShare);

    Traffic all = traffic.values().stream().reduce(Traffic.NONE, Traffic::plus);
    double step = st.total();
    List<LinkLoad> links = List.of(
        new LinkLoad(scaleUpName(job), false, all.scaleUpBytes(), net.scaleUp().busBytesPerSecond(),
            all.scaleUpSeconds(), step),
        new LinkLoad(job.scaleOut().fabric(), true, all.networkBytes() * nicShare,
            net.network().busBytesPerSecond() * nicShare, all.networkSeconds(), step));
    ScaleOut so = job.scaleOut();
    return new NetworkEstimate(so.fabric(), so.nicsPerNode(), so.gbitsPerNic(), stage, step, dims, links,
        notes(job, links, layers, stage));
  }

  /** Tensor, context, expert and pipeline traffic of the stage's layers over all micro-batches (as the estimator). */
  private static void modelParallel(TrainingJob job, WireTraffic wire, int stage, Map<Dimension, Traffic> traffic) {
    ModelSpec m = job.model();
    Parallelism p = job.parallelism();
    int perNode = job.scaleUpGpus();
    int micro = job.microBatches();
    int layers = StageLayers.count(m, p, stage);
    int moeLayers = StageLayers.moeLayers(m, p, stage);

    double e = job.activationBytes();
    double tokens = (double) job.seq() / p.cp() * p.microBatch();
    double rep = p.effectiveSequenceParallel() ? p.tp() : 1;
    double activation = tokens * m.hidden() * e;

    int tpCollectives = 4 + (p.recompute() == Recompute.FULL ? 2 : 0);
    traffic.put(Dimension.TP, wire.allReduce(activation, GroupPlacement.of(p.tp(), 1, perNode))
        .times((double) tpCollectives * layers * micro));
    if (p.cp() > 1) {
      GroupPlacement cpGroup = GroupPlacement.of(p.cp(), p.tp(), perNode);
      double kv = 2 * tokens * m.keyValueWidth() * e / p.tp();
      traffic.put(Dimension.CP, wire.sendReceive(kv, !cpGroup.withinNode()).times(3.0 * (p.cp() - 1) * layers * micro));
    }
    if (m.moeLayers() > 0 && p.ep() > 1) {
      double routed = tokens * m.moe().topK() * m.moe().loadFactor() * m.hidden() * e / rep;
      traffic.put(Dimension.EP, wire.allToAll(routed, GroupPlacement.of(p.ep(), p.expertTensorParallel(), perNode))
          .times(4.0 * moeLayers * micro));
    }
    if (p.pp() > 1) {
      GroupPlacement ppGroup = GroupPlacement.of(p.pp(), p.tp() * p.cp() * p.dp(), perNode);
      // A GPU sends each micro-batch's activations forward and its gradients backward, once per virtual stage.
      traffic.put(Dimension.PP, wire.sendReceive(activation / rep, !ppGroup.withinNode())
          .times(2.0 * micro * p.vpp()));
    }
  }

  /** Each dimension with traffic or waiting, next to the part of the step it is exposed as. */
  private static List<DimensionTraffic> dimensions(Map<Dimension, Traffic> traffic, StepTimes st, double nicShare) {
    List<DimensionTraffic> dims = new ArrayList<>();
    double dpSeconds = traffic.getOrDefault(Dimension.DP, Traffic.NONE).seconds()
        + traffic.getOrDefault(Dimension.FSDP, Traffic.NONE).seconds();
    for (Map.Entry<Dimension, Traffic> entry : traffic.entrySet()) {
      Traffic t = entry.getValue();
      double exposed = switch (entry.getKey()) {
        case TP -> st.tp();
        case CP -> st.cp();
        case EP -> st.ep();
        case PP -> st.pp();
        // The breakdown has one data-parallel part: gradients and parameter gathers share it by their time.
        case DP, FSDP -> dpSeconds > 0 ? st.dp() * t.seconds() / dpSeconds : 0;
      };
      if (t.seconds() > 0 || exposed > 0) {
        dims.add(new DimensionTraffic(entry.getKey(), t.scaleUpBytes(), t.networkBytes() * nicShare, t.seconds(),
            exposed));
      }
    }
    return dims;
  }

  /** Gradient traffic once per step, or for parameter-sharding modes every micro-batch (as the estimator). */
  private static void dataParallel(TrainingJob job, WireTraffic wire, int micro, Map<Dimension, Traffic> traffic) {
    Parallelism p = job.parallelism();
    int ranks = p.denseDataParallel();
    if (ranks <= 1) {
      return;
    }
    int perNode = job.scaleUpGpus();
    boolean hybrid = p.sharding() == Sharding.FSDP_HYBRID && p.shardGroup() > 0;
    GroupPlacement group = hybrid
        ? GroupPlacement.of(p.shardGroup(), p.tp() * p.cp(), perNode)
        : GroupPlacement.of(ranks, p.tp(), perNode);
    double params = TrainingTimeEstimator.paramsPerRank(job, job.model().parameters());
    double grads = TrainingTimeEstimator.trainableParamsPerRank(job, job.model().parameters());
    double paramBytes = 2;
    double gradBytes = job.policy() == PrecisionPolicy.AMP ? 4 : 2;
    if (p.sharding().shardsParameters() || p.sharding() == Sharding.FSDP_GRAD_OP) {
      double gathers = p.sharding().shardsParameters() ? 2 : 1;
      traffic.put(Dimension.FSDP, wire.allGather(params * paramBytes, group).times(gathers * micro));
      Traffic reduced = wire.reduceScatter(grads * gradBytes, group);
      if (hybrid && p.dp() > p.shardGroup()) {
        GroupPlacement replicas = GroupPlacement.of(p.dp() / p.shardGroup(), p.tp() * p.cp() * p.shardGroup(),
            perNode);
        reduced = reduced.plus(wire.allReduce(grads * gradBytes / p.shardGroup(), replicas));
      }
      traffic.put(Dimension.DP, reduced.times(micro));
      return;
    }
    traffic.put(Dimension.DP, p.sharding().shardsOptimizer()
        ? wire.reduceScatter(grads * gradBytes, group).plus(wire.allGather(grads * paramBytes, group))
        : wire.allReduce(grads * gradBytes, group));
  }

  /** Uneven splits give stages different layer counts: report the GPU that sends the most per-layer traffic. */
  static int stageWithMostLayers(ModelSpec m, Parallelism p) {
    int best = 0;
    for (int s = 1; s < p.pp(); s++) {
      if (StageLayers.count(m, p, s) > StageLayers.count(m, p, best)) {
        best = s;
      }
    }
    return best;
  }

  private static String scaleUpName(TrainingJob job) {
    ScaleUp up = job.gpu().scaleUp();
    return up != null && up.gbPerSecond() > 0 && up.domain() > 1 ? up.link()
        : "no scale-up domain: GPUs of a node talk through the NICs";
  }

  private static List<String> notes(TrainingJob job, List<LinkLoad> links, int layers, int stage) {
    List<String> notes = new ArrayList<>();
    for (LinkLoad l : links) {
      if (l.utilisation() > 1) {
        notes.add(String.format(java.util.Locale.ROOT, "%s is busy %.0f %% of the step: its traffic cannot all "
            + "overlap, and the step-time model does not charge the contention, so the real step is likely longer",
            l.name(), 100 * l.utilisation()));
      }
    }
    Parallelism p = job.parallelism();
    if (p.tp() > job.scaleUpGpus()) {
      notes.add("TP " + p.tp() + " spans nodes: every layer's activations cross the network");
    }
    if (p.unevenSplit()) {
      notes.add("per-GPU figures are for pipeline stage " + (stage + 1) + " (" + layers + " layers, the most)");
    }
    return notes;
  }
}
