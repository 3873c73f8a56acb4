package org.llmplan.cli.render;

import java.util.Locale;
import org.llmplan.network.BandwidthThreshold;
import org.llmplan.network.DimensionTraffic;
import org.llmplan.network.LinkLoad;
import org.llmplan.network.NetworkChange;
import org.llmplan.network.NetworkEstimate;
import org.llmplan.train.TrainingJob;

/** Renders a step's traffic per dimension and link: the Network section of `train` and `llmplan network`. */
public final class NetworkReport {
  private NetworkReport() {}

  /** `llmplan network`: the traffic, the what-if against the job's own network, and the NIC-speed threshold. */
  public static String text(TrainingJob job, NetworkEstimate n, NetworkChange change, NetworkEstimate baseline,
      BandwidthThreshold threshold) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "Network of one step: %s on %d x %s (%d per node)%n", job.model().name(),
        job.gpus(), job.gpu().name(), job.gpusPerNode()));
    b.append("Layout: ").append(job.parallelism().label()).append('\n').append('\n');
    b.append(section(n));
    if (baseline != null) {
      b.append(String.format(Locale.ROOT, "%nWhat-if (%s) against %s: step %s -> %s s (%s), exposed "
              + "communication %s -> %s%n", change.describe(), baseline.fabric() + ", " + baseline.nicsPerNode()
              + " x " + gbits(baseline.gbitsPerNic()), TrainingReport.seconds(baseline.stepSeconds()),
          TrainingReport.seconds(n.stepSeconds()), signedPercent(n.stepSeconds() / baseline.stepSeconds() - 1),
          Units.percent(baseline.exposedShare()), Units.percent(n.exposedShare())));
    }
    b.append('\n').append(threshold(threshold, n)).append('\n');
    return b.toString();
  }

  /** The Network section: a table per dimension, one per link class, and the busiest link. */
  public static String section(NetworkEstimate n) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "Network: %s, %d NICs x %s per node; bytes per step for a GPU of pipeline "
        + "stage %d%n", n.fabric(), n.nicsPerNode(), gbits(n.gbitsPerNic()), n.stage() + 1));
    if (n.dimensions().isEmpty()) {
      return b.append("The job sends nothing between GPUs (one GPU, no parallelism)\n").toString();
    }
    Table dims = new Table("dimension", "scale-up per GPU", "network per NIC", "transfer s", "exposed s", "of step");
    for (DimensionTraffic d : n.dimensions()) {
      dims.row(d.dimension().label(), bytes(d.scaleUpBytesPerGpu()), bytes(d.networkBytesPerNic()),
          TrainingReport.seconds(d.transferSeconds()), TrainingReport.seconds(d.exposedSeconds()),
          percent1(d.exposedSeconds() / n.stepSeconds()));
    }
    b.append(dims.render());
    Table links = new Table("link", "per", "bytes per step", "bandwidth", "busy s", "of step");
    for (LinkLoad l : n.links()) {
      links.row(l.name(), l.perNic() ? "NIC" : "GPU", bytes(l.bytesPerStep()), rate(l.bytesPerSecond()),
          TrainingReport.seconds(l.busySeconds()), percent1(l.utilisation()));
    }
    b.append(links.render());
    LinkLoad busiest = n.busiest();
    b.append(String.format(Locale.ROOT, "Busiest link: %s, busy %s of the step. Exposed communication: %s s, %s of "
            + "the step%n", busiest.name(), percent1(busiest.utilisation()), TrainingReport.seconds(n.exposedSeconds()),
        percent1(n.exposedShare())));
    for (String note : n.notes()) {
      b.append("note: ").append(note).append('\n');
    }
    return b.toString();
  }

  private static String threshold(BandwidthThreshold t, NetworkEstimate n) {
    String limit = Units.percent(t.maxExposedShare());
    return switch (t.verdict()) {
      case FOUND -> String.format(Locale.ROOT, "Exposed communication stays within %s of the step down to %s per NIC "
          + "(this network: %s)", limit, gbits(t.gbitsPerNic()), gbits(n.gbitsPerNic()));
      case NEVER -> String.format(Locale.ROOT, "No network keeps exposed communication within %s: the scale-up "
          + "traffic alone exposes %s of the step", limit, percent1(t.floorShare()));
      case ANY -> String.format(Locale.ROOT, "Any network above %s per NIC keeps exposed communication within %s",
          gbits(BandwidthThreshold.SLOWEST), limit);
      case UNUSED -> "The job fits in one node: the scale-out network carries none of its traffic";
    };
  }

  /** Bytes in decimal units, as link speeds are quoted. */
  static String bytes(double b) {
    if (b == 0) {
      return "0 B";
    }
    String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
    int i = (int) Math.min(units.length - 1, Math.max(0, Math.floor(Math.log10(Math.abs(b)) / 3)));
    double v = b / Math.pow(1000, i);
    return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.2f %s", v, units[i]);
  }

  static String rate(double bytesPerSecond) {
    return bytes(bytesPerSecond) + "/s";
  }

  static String gbits(double gbits) {
    return String.format(Locale.ROOT, gbits >= 10 ? "%.0f Gb/s" : "%.2f Gb/s", gbits);
  }

  static String percent1(double fraction) {
    return String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
  }

  private static String signedPercent(double fraction) {
    return String.format(Locale.ROOT, "%+.1f %%", 100 * fraction);
  }
}
