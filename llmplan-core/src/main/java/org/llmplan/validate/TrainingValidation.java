package org.llmplan.validate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.PlanInputException;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TimeEstimate;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingMemoryEstimator;
import org.llmplan.train.TrainingTimeEstimator;
import org.llmplan.trust.TrainingTerritory;

/**
 * Runs the training time estimator over published measurements (validation/training_published.csv) and
 * reports, row by row, the quantity the source printed next to the planner's value of it. A row the planner
 * rejects (a layout its rules forbid) is skipped with the planner's message, never a failure of the run.
 */
public final class TrainingValidation {
  private final Catalog catalog;
  private final PublishedRowMapper mapper;
  private final Function<TrainingJob, TimeEstimate> estimator;

  public TrainingValidation(Catalog catalog) {
    this(catalog, new TrainingTimeEstimator()::estimate);
  }

  /** With another estimator (tests, or comparing a candidate estimator against the published rows). */
  public TrainingValidation(Catalog catalog, Function<TrainingJob, TimeEstimate> estimator) {
    this.catalog = catalog;
    this.mapper = new PublishedRowMapper(catalog);
    this.estimator = estimator;
  }

  public ValidationReport run(Path csv) {
    return run(PublishedTrainingData.read(csv));
  }

  public ValidationReport run(List<PublishedTrainingRow> published) {
    List<ComparedRow> compared = new ArrayList<>();
    List<SkippedRow> skipped = new ArrayList<>();
    List<MemoryComparison> memory = new ArrayList<>();
    for (PublishedTrainingRow row : published) {
      MappedRow mapped = mapper.map(row);
      if (mapped instanceof SkippedRow s) {
        skipped.add(s);
      } else if (mapped instanceof ValidationCase c) {
        try {
          compared.add(compare(c));
          memory.addAll(compareMemory(c));
        } catch (PlanInputException e) {
          skipped.add(new SkippedRow(c.id(), e.getMessage()));
        }
      }
    }
    List<Double> errors = compared.stream().map(ComparedRow::errorPct).toList();
    List<Double> memoryErrors = memory.stream().map(MemoryComparison::errorPct).toList();
    return new ValidationReport(compared, skipped, ErrorSummary.of(errors, skipped.size()), memory,
        memory.isEmpty() ? null : ErrorSummary.of(memoryErrors, 0));
  }

  private List<MemoryComparison> compareMemory(ValidationCase c) {
    if (c.peakMemoryGib() == null && c.stateMemoryGib() == null) {
      return List.of();
    }
    TrainingJob job = c.job(catalog);
    MemoryEstimate e = new TrainingMemoryEstimator().worstStage(job);
    double gib = 1024.0 * 1024 * 1024;
    List<MemoryComparison> out = new ArrayList<>();
    if (c.peakMemoryGib() != null) {
      double allocated = e.totalBytes() - e.part("frameworkOverhead").value();
      out.add(new MemoryComparison(c.id(), job.model().name(), "peak_memory_gib", c.peakMemoryGib(),
          allocated / gib));
    }
    if (c.stateMemoryGib() != null) {
      double state = e.part("weights").value() + e.part("gradients").value() + e.part("masterWeights").value()
          + e.part("optimizerStates").value();
      out.add(new MemoryComparison(c.id(), job.model().name(), "state_memory_gib", c.stateMemoryGib(), state / gib));
    }
    return out;
  }

  private ComparedRow compare(ValidationCase c) {
    TrainingJob job = c.job(catalog);
    TimeEstimate estimate = estimator.apply(job);
    double predicted = c.metric().predicted(job, estimate, c.convention());
    return new ComparedRow(c.id(), job.model().name(), job.gpus(), job.gpu().name(), job.parallelism().label(),
        c.metric(), c.convention(), c.measured(), predicted, c.assumptions(), c.family(),
        TrainingTerritory.of(job));
  }
}
