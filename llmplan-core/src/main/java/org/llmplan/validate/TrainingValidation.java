package org.llmplan.validate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.PlanInputException;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;
import org.llmplan.train.TimeEstimate;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingTimeEstimator;

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
    for (PublishedTrainingRow row : published) {
      MappedRow mapped = mapper.map(row);
      if (mapped instanceof SkippedRow s) {
        skipped.add(s);
      } else if (mapped instanceof ValidationCase c) {
        try {
          compared.add(compare(c));
        } catch (PlanInputException e) {
          skipped.add(new SkippedRow(c.id(), e.getMessage()));
        }
      }
    }
    List<Double> errors = compared.stream().map(ComparedRow::errorPct).toList();
    return new ValidationReport(compared, skipped, ErrorSummary.of(errors, skipped.size()));
  }

  private ComparedRow compare(ValidationCase c) {
    TrainingJob job = c.job(catalog);
    TimeEstimate estimate = estimator.apply(job);
    double predicted = c.metric().predicted(job, estimate, c.convention());
    return new ComparedRow(c.id(), job.model().name(), job.gpus(), job.gpu().name(), layoutLabel(job.parallelism()),
        c.metric(), c.convention(), c.measured(), predicted, c.assumptions());
  }

  /** "TP8 PP2 DP48 mb1 SP recompute=selective dist-opt": the parts that are not the default are shown. */
  public static String layoutLabel(Parallelism p) {
    StringBuilder b = new StringBuilder("TP" + p.tp() + " PP" + p.pp() + " DP" + p.dp());
    if (p.cp() > 1) {
      b.append(" CP").append(p.cp());
    }
    if (p.ep() > 1) {
      b.append(" EP").append(p.ep());
    }
    if (p.vpp() > 1) {
      b.append(" VPP").append(p.vpp());
    }
    b.append(" mb").append(p.microBatch());
    if (p.effectiveSequenceParallel()) {
      b.append(" SP");
    }
    if (p.recompute() != Recompute.NONE) {
      b.append(" recompute=").append(p.recompute().label());
    }
    if (p.sharding() != Sharding.NONE) {
      b.append(' ').append(p.sharding().label());
    }
    return b.toString();
  }
}
