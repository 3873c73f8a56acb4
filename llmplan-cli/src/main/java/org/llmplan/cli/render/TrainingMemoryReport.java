package org.llmplan.cli.render;

import org.llmplan.estimate.Part;
import org.llmplan.parallel.Parallelism;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TrainingJob;

/** Renders a training memory estimate as a table with a verdict and the levers that would make it fit. */
public final class TrainingMemoryReport {
  private TrainingMemoryReport() {}

  public static String text(TrainingJob job, MemoryEstimate e) {
    StringBuilder b = new StringBuilder();
    Parallelism p = job.parallelism();
    b.append(String.format("Training memory per GPU: %s on %d x %s (%s), %s%n", job.model().name(), job.gpus(),
        job.gpu().name(), Units.gibWithUnit(e.capacityBytes()), job.framework().name()));
    b.append(String.format("Layout: %s; seq %d; global batch %d (%d micro-batch%s per pipeline); %s, %s policy, "
            + "%s, %s attention%n", p.label(), job.seq(), job.globalBatch(), job.microBatches(),
        job.microBatches() == 1 ? "" : "es",
        job.precisionLabel(), job.policy().label(), job.optimizer().label(), job.attention().label()));
    if (job.lora() != null) {
      b.append("Fine-tune: ").append(job.lora().label()).append('\n');
    }
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
      if (e.levers().stream().noneMatch(MemoryEstimate.Lever::fits)) {
        b.append("Nothing above fits: use more GPUs with sharding (for example --framework deepspeed --zero 3), "
            + "offload, or a GPU with more memory.\n");
      }
    }
    for (String note : e.notes()) {
      b.append("note: ").append(note).append('\n');
    }
    return b.toString();
  }

  static String verdict(MemoryEstimate e) {
    String margin = Units.gibWithUnit(e.marginBytes()) + " margin (" + Units.percent(e.marginBytes()
        / e.capacityBytes()) + "; --headroom)";
    if (e.fits()) {
      return String.format("Verdict: fits, %s to spare besides the %s (%s of memory used)",
          Units.gibWithUnit(e.spareBytes()), margin, Units.percent(e.totalBytes() / e.capacityBytes()));
    }
    if (e.totalBytes() <= e.capacityBytes()) {
      return String.format("Verdict: does NOT fit, %s into the %s that fragmentation and transient peaks need",
          Units.gibWithUnit(-e.spareBytes()), margin);
    }
    return String.format("Verdict: does NOT fit, %s over the %s per GPU", Units.gibWithUnit(e.totalBytes()
        - e.capacityBytes()), Units.gibWithUnit(e.capacityBytes()));
  }
}
