package org.llmplan.view;

import java.util.EnumSet;
import java.util.List;
import org.llmplan.finetune.LoraSpec;
import org.llmplan.finetune.LoraTarget;
import org.llmplan.train.TrainingJob;

/**
 * The {@code lora} object of a LoRA/QLoRA job's memory document (docs/json.md): the adapters as resolved and
 * how many parameters they train; absent in full training.
 */
public record AdapterView(
    String label,
    int rank,
    double alpha,
    List<String> targets,
    String basePrecision,
    boolean doubleQuant,
    boolean pagedOptimizer,
    long adapterParams) {

  static AdapterView of(TrainingJob job) {
    LoraSpec l = job.lora();
    if (l == null) {
      return null;
    }
    return new AdapterView(l.label(), l.rank(), l.alpha(),
        EnumSet.copyOf(l.targets()).stream().map(LoraTarget::label).toList(), l.base().label(), l.doubleQuant(),
        l.pagedOptimizer(), l.adapterParams(job.model()));
  }
}
