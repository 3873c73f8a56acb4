package org.llmplan.server.view;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmplan.estimate.Part;
import org.llmplan.parallel.Parallelism;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TrainingJob;

/** JSON of a training memory estimate, as documented in docs/json.md; the CLI and the API print the same. */
public final class TrainingMemoryView {
  /** Bumped whenever a field changes meaning or disappears. */
  public static final int SCHEMA_VERSION = 1;

  private TrainingMemoryView() {}

  public static Map<String, Object> of(TrainingJob job, MemoryEstimate e) {
    Parallelism p = job.parallelism();
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("schemaVersion", SCHEMA_VERSION);
    v.put("model", job.model().name());
    v.put("gpu", job.gpu().name());
    v.put("gpus", job.gpus());
    v.put("gpusPerNode", job.gpusPerNode());
    v.put("framework", job.framework().name());
    v.put("layout", layout(p));
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
    v.put("breakdown", e.parts().stream().map(TrainingMemoryView::tree).toList());
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

  /** The layout object shared by the memory and training views. */
  static Map<String, Object> layout(Parallelism p) {
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
    layout.put("firstStageLayers", p.firstStageLayers());
    layout.put("lastStageLayers", p.lastStageLayers());

    return layout;
  }

  /** A memory part as JSON: {name, bytes, basis, children?}; the serving view shares it. */
  static Map<String, Object> tree(Part part) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("name", part.name());
    node.put("bytes", part.value());
    node.put("basis", part.basis());
    if (!part.children().isEmpty()) {
      node.put("children", part.children().stream().map(TrainingMemoryView::tree).toList());
    }
    return node;
  }
}
