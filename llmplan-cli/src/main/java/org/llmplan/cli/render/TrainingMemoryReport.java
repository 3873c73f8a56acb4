package org.llmplan.cli.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmplan.estimate.Part;
import org.llmplan.parallel.Parallelism;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TrainingJob;

/** Renders a training memory estimate as a table with a verdict, or as the JSON documented in docs/json.md. */
public final class TrainingMemoryReport {
  /** Bumped whenever a field changes meaning or disappears. */
  public static final int SCHEMA_VERSION = 1;

  private TrainingMemoryReport() {}

  public static String text(TrainingJob job, MemoryEstimate e) {
    StringBuilder b = new StringBuilder();
    Parallelism p = job.parallelism();
    b.append(String.format("Training memory per GPU: %s on %d x %s (%s), %s%n", job.model().name(), job.gpus(),
        job.gpu().name(), Units.gibWithUnit(e.capacityBytes()), job.framework().name()));
    b.append(String.format("Layout: %s; seq %d; global batch %d (%d micro-batch%s per pipeline); %s, %s policy, "
            + "%s, %s attention%n", p.label(), job.seq(), job.globalBatch(), job.microBatches(),
        job.microBatches() == 1 ? "" : "es",
        job.precision().label(), job.policy().label(), job.optimizer().label(), job.attention().label()));
    b.append(String.format("Most loaded GPU: %s pipeline stage%n%n", e.stage()));
    Table t = new Table("part", "GiB", "how");
    for (Part part : e.parts()) {
      t.row(Units.words(part.name()), Units.gib(part.value()), part.basis());
      for (Part child : part.children()) {
        t.row("  " + child.name(), Units.gib(child.value()), child.basis());
      }
    }
    t.row("total", Units.gib(e.totalBytes()), "of " + Units.gibWithUnit(e.capacityBytes()) + " per GPU");
    b.append(t.render()).append('\n');
    b.append(verdict(e)).append('\n');
    if (e.hostBytesPerNode() > 0) {
      b.append(String.format("Host memory for offloaded state: %s per node%s%n", Units.gibWithUnit(e.hostBytesPerNode()),
          job.hostMemoryGiB() > 0 ? " of " + String.format("%.0f GiB", job.hostMemoryGiB())
              + (e.hostBytesPerNode() > job.hostMemoryGiB() * Units.GIB ? ": DOES NOT FIT in host memory" : "")
              : ""));
    }
    if (e.nvmeBytesPerNode() > 0) {
      b.append(String.format("NVMe for offloaded state: %s per node%n", Units.gibWithUnit(e.nvmeBytesPerNode())));
    }
    if (!e.levers().isEmpty()) {
      b.append("\nLevers (one change each, best first):\n");
      Table levers = new Table("change", "GiB", "fits");
      for (MemoryEstimate.Lever l : e.levers()) {
        levers.row(l.change(), Units.gib(l.totalBytes()), l.fits() ? "yes" : "no");
      }
      b.append(levers.render());
    }
    for (String note : e.notes()) {
      b.append("note: ").append(note).append('\n');
    }
    return b.toString();
  }

  static String verdict(MemoryEstimate e) {
    if (e.fits()) {
      return String.format("Verdict: fits, %s to spare (%s of memory used)", Units.gibWithUnit(e.headroomBytes()),
          Units.percent(e.totalBytes() / e.capacityBytes()));
    }
    return String.format("Verdict: does NOT fit, %s over the %s per GPU", Units.gibWithUnit(-e.headroomBytes()),
        Units.gibWithUnit(e.capacityBytes()));
  }

  public static Map<String, Object> json(TrainingJob job, MemoryEstimate e) {
    Parallelism p = job.parallelism();
    Map<String, Object> layout = new LinkedHashMap<>();
    layout.put("tp", p.tp());
    layout.put("pp", p.pp());
    layout.put("dp", p.dp());
    layout.put("cp", p.cp());
    layout.put("ep", p.ep());
    layout.put("vpp", p.vpp());
    layout.put("microBatch", p.microBatch());
    layout.put("sequenceParallel", p.effectiveSequenceParallel());
    layout.put("sharding", p.sharding().label());
    layout.put("shardGroup", p.shardGroup());
    layout.put("recompute", p.recompute().label());
    layout.put("offloadOptimizer", p.offloadOptimizer().label());
    layout.put("offloadParameters", p.offloadParameters().label());

    Map<String, Object> v = new LinkedHashMap<>();
    v.put("schemaVersion", SCHEMA_VERSION);
    v.put("model", job.model().name());
    v.put("gpu", job.gpu().name());
    v.put("gpus", job.gpus());
    v.put("gpusPerNode", job.gpusPerNode());
    v.put("framework", job.framework().name());
    v.put("layout", layout);
    v.put("seq", job.seq());
    v.put("globalBatch", job.globalBatch());
    v.put("microBatches", job.microBatches());
    v.put("precision", job.precision().label());
    v.put("policy", job.policy().label());
    v.put("optimizer", job.optimizer().label());
    v.put("attention", job.attention().label());
    v.put("stage", e.stage());
    v.put("fits", e.fits());
    v.put("totalBytes", e.totalBytes());
    v.put("capacityBytes", e.capacityBytes());
    v.put("headroomBytes", e.headroomBytes());
    v.put("parts", e.partBytes());
    v.put("breakdown", e.parts().stream().map(TrainingMemoryReport::tree).toList());
    v.put("hostBytesPerNode", e.hostBytesPerNode());
    v.put("nvmeBytesPerNode", e.nvmeBytesPerNode());
    List<Map<String, Object>> levers = new ArrayList<>();
    for (MemoryEstimate.Lever l : e.levers()) {
      Map<String, Object> lever = new LinkedHashMap<>();
      lever.put("change", l.change());
      lever.put("totalBytes", l.totalBytes());
      lever.put("fits", l.fits());
      levers.add(lever);
    }
    v.put("levers", levers);
    v.put("notes", e.notes());
    return v;
  }

  private static Map<String, Object> tree(Part part) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("name", part.name());
    node.put("bytes", part.value());
    node.put("basis", part.basis());
    if (!part.children().isEmpty()) {
      node.put("children", part.children().stream().map(TrainingMemoryReport::tree).toList());
    }
    return node;
  }
}
