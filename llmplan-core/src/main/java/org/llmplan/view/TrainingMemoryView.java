package org.llmplan.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TrainingJob;

/**
 * JSON of a training memory estimate, `memory train --json` and POST /api/memory/train (docs/json.md): the
 * job as resolved, then the estimate, its levers as the engine's own records.
 *
 * @param lora the adapters of a LoRA/QLoRA fine-tune; absent in full training
 * @param parts top-level bytes by part name, in breakdown order
 */
public record TrainingMemoryView(
    int schemaVersion,
    String model,
    String gpu,
    int gpus,
    int gpusPerNode,
    String framework,
    LayoutView layout,
    int seq,
    int globalBatch,
    int microBatches,
    String precision,
    String policy,
    String optimizer,
    String attention,
    @JsonInclude(JsonInclude.Include.NON_NULL) AdapterView lora,
    String stage,
    boolean fits,
    double totalBytes,
    double capacityBytes,
    double headroomBytes,
    double marginBytes,
    @Ordered Map<String, Double> parts,
    List<MemoryPart> breakdown,
    double hostBytesPerNode,
    double nvmeBytesPerNode,
    List<MemoryEstimate.Lever> levers,
    List<String> notes) {

  /** Bumped whenever a field of the training documents changes meaning or disappears. */
  public static final int SCHEMA_VERSION = 1;

  public static TrainingMemoryView of(TrainingJob job, MemoryEstimate e) {
    return new TrainingMemoryView(SCHEMA_VERSION, job.model().name(), job.gpu().name(), job.gpus(),
        job.gpusPerNode(), job.framework().name(), LayoutView.of(job.parallelism()), job.seq(), job.globalBatch(),
        job.microBatches(), job.precisionLabel(), job.policy().label(), job.optimizer().label(),
        job.attention().label(), AdapterView.of(job), e.stage(), e.fits(), e.totalBytes(), e.capacityBytes(), e.headroomBytes(),
        e.marginBytes(), e.partBytes(), MemoryPart.trees(e.parts()), e.hostBytesPerNode(), e.nvmeBytesPerNode(),
        e.levers(), e.notes());
  }
}
