package org.llmplan.validate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.PlanInputException;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.infer.InferenceMemory;
import org.llmplan.infer.InferenceMemoryEstimator;
import org.llmplan.infer.IterationTime;
import org.llmplan.infer.OfflineThroughput;
import org.llmplan.infer.RequestLengths;

/**
 * Runs the serving model over published measurements (validation/inference_published.csv): each row's
 * deployment through the memory estimator (KV capacity) and the steady-state throughput model
 * ({@link OfflineThroughput}), each reported quantity beside the planner's value of it. A row the planner
 * rejects (a layout its rules forbid, a model that does not fit) is skipped with the planner's message.
 */
public final class InferenceValidation {
  private final Catalog catalog;
  private final InferenceRowMapper mapper;

  public InferenceValidation(Catalog catalog) {
    this.catalog = catalog;
    this.mapper = new InferenceRowMapper(catalog);
  }

  public InferenceValidationReport run(Path csv) {
    return run(PublishedInferenceData.read(csv));
  }

  public InferenceValidationReport run(List<PublishedInferenceRow> published) {
    List<InferenceComparison> compared = new ArrayList<>();
    List<SkippedRow> skipped = new ArrayList<>();
    for (PublishedInferenceRow row : published) {
      MappedInferenceRow mapped = mapper.map(row);
      if (mapped instanceof SkippedRow s) {
        skipped.add(s);
      } else if (mapped instanceof InferenceCase c) {
        try {
          compared.addAll(compare(c));
          skipped.addAll(c.skippedMetrics());
        } catch (PlanInputException e) {
          skipped.add(new SkippedRow(c.id(), e.getMessage()));
        }
      }
    }
    List<Double> errors = compared.stream().map(InferenceComparison::errorPct).toList();
    return new InferenceValidationReport(compared, skipped, ErrorSummary.of(errors, skipped.size()));
  }

  private List<InferenceComparison> compare(InferenceCase c) {
    InferenceDeployment d = c.request().toDeployment(catalog);
    RequestLengths lengths = c.request().lengths();
    InferenceMemory memory = new InferenceMemoryEstimator().bindingStage(d, lengths);
    OfflineThroughput t = OfflineThroughput.estimate(new IterationTime(d), memory, lengths, c.clients());
    String concurrency = String.format(Locale.ROOT, "%.1f (%s)", t.concurrency(), t.limitedBy());
    List<InferenceComparison> out = new ArrayList<>();
    for (InferenceCase.Measurement m : c.measurements()) {
      out.add(new InferenceComparison(c.id(), d.model().name(), c.replicas() * d.gpus(), d.gpu().name(), d.label(),
          lengths.input() + "/" + lengths.output(), concurrency, m.metric(), m.value(),
          m.metric().predicted(t, c.replicas()), c.assumptions()));
    }
    return out;
  }
}
