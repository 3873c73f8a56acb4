package org.llmplan.validate;

import java.util.List;
import org.llmplan.catalog.Catalog;
import org.llmplan.model.ModelSpec;
import org.llmplan.parallel.Parallelism;
import org.llmplan.train.TrainingJob;
import org.llmplan.request.TrainingRequest;

/**
 * A published row stated as a planner question: the request (every layout number filled in), the model
 * built from the row where the catalog entry does not describe what was run, and the measurement to match.
 *
 * @param rowModel null where the catalog model named by {@code request.model()} is the one that ran
 * @param convention how the source counts FLOPs; null where the metric needs none or none is known
 * @param assumptions each default or substitution the mapping made for something the row leaves open
 * @param peakMemoryGib measured PyTorch max allocated per GPU, or null
 * @param stateMemoryGib measured model-state memory per GPU, or null
 * @param family the validation family the row is reported under: its source framework, dense or MoE
 */
public record ValidationCase(
    String id,
    TrainingRequest request,
    ModelSpec rowModel,
    Metric metric,
    double measured,
    FlopConvention convention,
    List<String> assumptions,
    Double peakMemoryGib,
    Double stateMemoryGib,
    String family) implements MappedRow {

  public ValidationCase {
    assumptions = List.copyOf(assumptions);
  }

  /** The job to estimate; throws the planner's PlanInputException where a rule rejects it. */
  public TrainingJob job(Catalog catalog) {
    return rowModel == null ? request.toJob(catalog) : request.toJob(catalog, rowModel);
  }
}
