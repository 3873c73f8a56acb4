package org.llmplan.server.view;

import java.util.LinkedHashMap;
import java.util.Map;
import org.llmplan.network.BandwidthThreshold;
import org.llmplan.network.DimensionTraffic;
import org.llmplan.network.LinkLoad;
import org.llmplan.network.NetworkChange;
import org.llmplan.network.NetworkEstimate;
import org.llmplan.train.TrainingJob;

/** JSON of a network estimate (docs/json.md): the `network` object of `train --json`, and `network --json`. */
public final class NetworkView {
  private NetworkView() {}

  /** `llmplan network --json`: the job, its traffic, the what-if's baseline and the NIC-speed threshold. */
  public static Map<String, Object> of(TrainingJob job, NetworkEstimate n, NetworkChange change,
      NetworkEstimate baseline, BandwidthThreshold threshold) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("schemaVersion", TrainingMemoryView.SCHEMA_VERSION);
    v.put("model", job.model().name());
    v.put("gpu", job.gpu().name());
    v.put("gpus", job.gpus());
    v.put("gpusPerNode", job.gpusPerNode());
    v.put("layout", TrainingMemoryView.layout(job.parallelism()));
    v.put("network", of(n));
    if (baseline != null) {
      v.put("whatIf", change.describe());
      v.put("baseline", of(baseline));
    }
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("maxExposedShare", threshold.maxExposedShare());
    t.put("verdict", threshold.verdict().name().toLowerCase(java.util.Locale.ROOT));
    t.put("gbitsPerNic", finite(threshold.gbitsPerNic()));
    t.put("floorShare", threshold.floorShare());
    v.put("threshold", t);
    return v;
  }

  /** The traffic of one step, per dimension and per link class. */
  public static Map<String, Object> of(NetworkEstimate n) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("fabric", n.fabric());
    v.put("nicsPerNode", n.nicsPerNode());
    v.put("gbitsPerNic", n.gbitsPerNic());
    v.put("stage", n.stage() + 1);
    v.put("stepSeconds", n.stepSeconds());
    v.put("exposedSeconds", n.exposedSeconds());
    v.put("exposedShare", n.exposedShare());
    v.put("dimensions", n.dimensions().stream().map(NetworkView::dimension).toList());
    v.put("links", n.links().stream().map(NetworkView::link).toList());
    v.put("busiestLink", n.busiest().name());
    v.put("notes", n.notes());
    return v;
  }

  private static Map<String, Object> dimension(DimensionTraffic d) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("dimension", d.dimension().key());
    v.put("label", d.dimension().label());
    v.put("basis", d.dimension().what());
    v.put("scaleUpBytesPerGpu", d.scaleUpBytesPerGpu());
    v.put("networkBytesPerNic", d.networkBytesPerNic());
    v.put("transferSeconds", d.transferSeconds());
    v.put("exposedSeconds", d.exposedSeconds());
    return v;
  }

  private static Map<String, Object> link(LinkLoad l) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("name", l.name());
    v.put("kind", l.perNic() ? "network" : "scale-up");
    v.put("per", l.perNic() ? "nic" : "gpu");
    v.put("bytesPerStep", l.bytesPerStep());
    v.put("bytesPerSecond", l.bytesPerSecond());
    v.put("busySeconds", l.busySeconds());
    v.put("utilisation", l.utilisation());
    return v;
  }

  /** JSON has no infinity or NaN: such values are left out. */
  static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
