package org.llmplan.validate;

import java.util.List;
import org.llmplan.catalog.Catalog;
import org.llmplan.model.ModelSpec;
import org.llmplan.parallel.Parallelism;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingRequest;

/**
 * A published row stated as a planner question: the request (every layout number filled in), the model
 * built from the row where the catalog entry does not describe what was run, and the measurement to match.
 *
 * @param rowModel null where the catalog model named by {@code request.model()} is the one that ran
 * @param convention how the source counts FLOPs; null where the metric needs none or none is known
 * @param assumptions each default or substitution the mapping made for something the row leaves open
 */
public record ValidationCase(
    String id,
    TrainingRequest request,
    ModelSpec rowModel,
    Metric metric,
    double measured,
    FlopConvention convention,
    List<String> assumptions) implements MappedRow {

  public ValidationCase {
    assumptions = List.copyOf(assumptions);
  }

  /** The job to estimate; throws the planner's PlanInputException where a rule rejects it. */
  public TrainingJob job(Catalog catalog) {
    if (rowModel == null) {
      return request.toJob(catalog);
    }
    // toJob resolves names against the catalog, which does not hold a row-built model. Resolve the rest on a
    // layout of one-way splits (valid for every catalog model), then rebuild the job around the row's model
    // and layout: TrainingJob's constructor checks every rule against that model.
    TrainingRequest r = request;
    String standIn = catalog.hasModel(r.model()) ? r.model() : catalog.models().get(0).name();
    TrainingRequest rest = new TrainingRequest(standIn, r.gpu(), r.cluster(), r.node(), r.gpus(), r.gpusPerNode(),
        1, 1, null, 1, 1, 1, 1, null, null, null, r.sharding(), r.shardGroup(), r.recompute(), r.sequenceParallel(),
        r.precision(), r.policy(), r.optimizer(), r.framework(), r.attention(), r.offloadOptimizer(),
        r.offloadParams(), null, r.hostMemoryGiB());
    TrainingJob resolved = rest.toJob(catalog);
    Parallelism p = resolved.parallelism();
    Parallelism layout = new Parallelism(r.tp(), r.pp(), r.dp(), r.cp(), r.ep(), r.vpp(), r.microBatch(),
        p.sequenceParallel(), p.sharding(), p.shardGroup(), p.recompute(), p.offloadOptimizer(),
        p.offloadParameters());
    return new TrainingJob(rowModel, resolved.gpu(), resolved.gpus(), resolved.gpusPerNode(), layout, r.seq(),
        r.globalBatch(), resolved.precision(), resolved.policy(), resolved.optimizer(), resolved.framework(),
        resolved.attention(), resolved.hostMemoryGiB(), resolved.scaleOut());
  }
}
