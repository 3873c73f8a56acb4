package org.llmplan.view;

import java.util.List;
import java.util.Locale;
import org.llmplan.network.BandwidthThreshold;
import org.llmplan.network.DimensionTraffic;
import org.llmplan.network.LinkLoad;
import org.llmplan.network.NetworkChange;
import org.llmplan.network.NetworkEstimate;
import org.llmplan.train.TrainingJob;

/**
 * JSON of `llmplan network --json` (docs/json.md): the job, its traffic, the what-if's baseline and the
 * NIC-speed threshold. {@link Traffic} is also the {@code network} object of `train --json`.
 *
 * @param whatIf what a what-if option changed, absent without one; so is {@code baseline}
 */
public record NetworkView(
    int schemaVersion,
    String model,
    String gpu,
    int gpus,
    int gpusPerNode,
    LayoutView layout,
    Traffic network,
    String whatIf,
    Traffic baseline,
    Threshold threshold) {

  public static NetworkView of(TrainingJob job, NetworkEstimate n, NetworkChange change, NetworkEstimate baseline,
      BandwidthThreshold threshold) {
    return new NetworkView(TrainingMemoryView.SCHEMA_VERSION, job.model().name(), job.gpu().name(), job.gpus(),
        job.gpusPerNode(), LayoutView.of(job.parallelism()), Traffic.of(n),
        baseline != null ? change.describe() : null, baseline != null ? Traffic.of(baseline) : null,
        Threshold.of(threshold));
  }

  /**
   * The traffic of one step, per dimension and per link class.
   *
   * @param stage the pipeline stage, 1-based
   */
  public record Traffic(
      String fabric,
      int nicsPerNode,
      double gbitsPerNic,
      int stage,
      double stepSeconds,
      double exposedSeconds,
      double exposedShare,
      List<Dimension> dimensions,
      List<Link> links,
      String busiestLink,
      List<String> notes) {

    static Traffic of(NetworkEstimate n) {
      return new Traffic(n.fabric(), n.nicsPerNode(), n.gbitsPerNic(), n.stage() + 1, n.stepSeconds(),
          n.exposedSeconds(), n.exposedShare(), n.dimensions().stream().map(Dimension::of).toList(),
          n.links().stream().map(Link::of).toList(), n.busiest().name(), n.notes());
    }
  }

  /** One parallel dimension's traffic; {@code basis} says what the traffic is. */
  public record Dimension(String dimension, String label, String basis, double scaleUpBytesPerGpu,
      double networkBytesPerNic, double transferSeconds, double exposedSeconds) {

    static Dimension of(DimensionTraffic d) {
      return new Dimension(d.dimension().key(), d.dimension().label(), d.dimension().what(), d.scaleUpBytesPerGpu(),
          d.networkBytesPerNic(), d.transferSeconds(), d.exposedSeconds());
    }
  }

  /**
   * One link class: the scale-up link per GPU, or the network per NIC.
   *
   * @param kind "scale-up" or "network"
   * @param per "gpu" or "nic": what the figures are per
   */
  public record Link(String name, String kind, String per, double bytesPerStep, double bytesPerSecond,
      double busySeconds, double utilisation) {

    static Link of(LinkLoad l) {
      return new Link(l.name(), l.perNic() ? "network" : "scale-up", l.perNic() ? "nic" : "gpu", l.bytesPerStep(),
          l.bytesPerSecond(), l.busySeconds(), l.utilisation());
    }
  }

  /**
   * The NIC speed below which exposed communication exceeds the share.
   *
   * @param verdict "found", "never", "any" or "unused"
   * @param gbitsPerNic the threshold, absent unless found
   */
  public record Threshold(double maxExposedShare, String verdict, Double gbitsPerNic, double floorShare) {

    static Threshold of(BandwidthThreshold t) {
      return new Threshold(t.maxExposedShare(), t.verdict().name().toLowerCase(Locale.ROOT),
          Finite.orAbsent(t.gbitsPerNic()), t.floorShare());
    }
  }
}
