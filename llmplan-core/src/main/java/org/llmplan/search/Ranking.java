package org.llmplan.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.reliability.ReliabilityModel;
import org.llmplan.storage.CheckpointMode;
import org.llmplan.storage.CheckpointSize;
import org.llmplan.storage.CheckpointTimes;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TimeEstimate;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingMemoryEstimator;
import org.llmplan.train.TrainingRun;
import org.llmplan.train.TrainingTimeEstimator;
import org.llmplan.trust.Trust;

/** The group winners ranked under the objective and limits, explained, with fronts and the runner-up. */
final class Ranking {
  private final SearchSpec spec;
  private final List<GpuGroup> groups;
  private final TopPlans[] best;
  private final Map<GpuOption, TaskResult> leanest;
  private final SearchControl control;
  private final TrainingSearch search;
  private final Map<Candidate, Plan> explained = new HashMap<>();
  private final Map<Candidate, Double> factors = new HashMap<>();
  private final Map<Candidate, TrainingJob> jobs = new HashMap<>();
  private final TrainingMemoryEstimator memory = new TrainingMemoryEstimator();
  private final TrainingTimeEstimator time = new TrainingTimeEstimator();

  Ranking(SearchSpec spec, List<GpuGroup> groups, TopPlans[] best, Map<GpuOption, TaskResult> leanest,
      SearchControl control, TrainingSearch search) {
    this.spec = spec;
    this.groups = groups;
    this.best = best;
    this.leanest = leanest;
    this.control = control;
    this.search = search;
  }

  private ScoredCandidate score(Candidate c) {
    GpuGroup g = groups.get(c.group());
    TrainingJob base = g.option().base();
    // As TimeEstimate and TrainingRun compute them, so that ranks agree with the explained plans.
    double tokensPerStep = (double) base.globalBatch() * base.seq();
    double seconds = spec.tokens() / (tokensPerStep / c.stepSeconds()) * failureFactor(c, g) * pessimism(c, g);
    double gpuHours = g.gpus() * seconds / 3600;
    return new ScoredCandidate(c, g, seconds, gpuHours * g.option().usdPerGpuHour());
  }

  /** The job a candidate stands for, built once. */
  private TrainingJob job(Candidate c, GpuGroup g) {
    return jobs.computeIfAbsent(c, k -> g.option().base().with(c.layout(), g.option().base().globalBatch()));
  }

  /** Ranking by the pessimistic end: the time the slow end of the candidate's band gives, over the estimate. */
  private double pessimism(Candidate c, GpuGroup g) {
    return spec.rankBy() == RankBy.PESSIMISTIC ? 1 + Trust.training(job(c, g)).highPct() / 100 : 1;
  }

  /**
   * Expected over failure-free wall time of a candidate: its checkpoint (the state each GPU holds) copied to
   * host memory while training waits, written to storage in the background, reloaded after each
   * interruption. Only ranked candidates get here, so the explained memory estimate is affordable.
   */
  private double failureFactor(Candidate c, GpuGroup g) {
    if (spec.failures() == null) {
      return 1;
    }
    return factors.computeIfAbsent(c, k -> {
      TrainingJob job = job(c, g);
      CheckpointTimes ckpt = CheckpointTimes.of(job, CheckpointSize.of(job, memory.estimate(job)),
          spec.checkpointStorage());
      return spec.failures().expectedTimeFactor(g.gpus(), c.stepSeconds(), ckpt.stallSeconds(CheckpointMode.ASYNC),
          ckpt.persistLagSeconds(CheckpointMode.ASYNC), ReliabilityModel.DEFAULT_RESTART_SECONDS
              + ckpt.restoreSeconds());
    });
  }

  private boolean withinLimits(ScoredCandidate s) {
    return s.seconds() <= spec.deadlineSeconds() && s.cost() <= spec.budgetUsd();
  }

  private Comparator<ScoredCandidate> objectiveOrder() {
    Comparator<ScoredCandidate> bySeconds = Comparator.comparingDouble(ScoredCandidate::seconds);
    Comparator<ScoredCandidate> byCost = Comparator.comparingDouble(ScoredCandidate::cost);
    Comparator<ScoredCandidate> byGpus = Comparator.comparingInt(ScoredCandidate::gpus);
    Comparator<ScoredCandidate> order = switch (spec.objective()) {
      case TIME -> bySeconds.thenComparing(byCost).thenComparing(byGpus);
      case COST -> byCost.thenComparing(bySeconds).thenComparing(byGpus);
      case GPUS -> byGpus.thenComparing(bySeconds).thenComparing(byCost);
    };
    return order.thenComparing(ScoredCandidate::candidate, Candidate.FASTEST);
  }

  SearchResult result(SearchResult.Stats stats) {
    List<ScoredCandidate> all = new ArrayList<>();
    List<ScoredCandidate> groupBests = new ArrayList<>();
    for (TopPlans top : best) {
      List<Candidate> list = top == null ? List.of() : top.list();
      list.forEach(c -> all.add(score(c)));
      if (!list.isEmpty()) {
        groupBests.add(score(list.get(0)));
      }
    }
    List<ScoredCandidate> order = all.stream().filter(this::withinLimits).sorted(objectiveOrder()).toList();
    List<ScoredCandidate> ranked = order.subList(0, Math.min(order.size(), Math.max(2, spec.top())));
    List<Plan> plans = ranked.stream().limit(spec.top()).map(this::explain).toList();
    List<ScoredCandidate> feasibleBests = groupBests.stream().filter(this::withinLimits).toList();
    List<String> notes = new ArrayList<>();
    List<Plan> timeCost = front(feasibleBests.stream().filter(s -> s.group().option().usdPerGpuHour() > 0).toList(),
        Comparator.comparingDouble(ScoredCandidate::cost));
    for (GpuOption o : spec.options()) {
      if (o.usdPerGpuHour() <= 0) {
        notes.add("no price is known for " + o.gpu() + ": its plans show no cost and are left out of the "
            + "time-cost front; pass --price " + o.gpu() + "=USD");
      }
    }
    List<Plan> timeGpus = front(feasibleBests, Comparator.comparingInt(ScoredCandidate::gpus));
    if (plans.stream().anyMatch(p -> p.job().parallelism().offloadOptimizer() != OffloadTarget.NONE
        || p.job().parallelism().offloadParameters() != OffloadTarget.NONE)) {
      notes.add("the step time does not charge offload traffic over PCIe or to NVMe: plans with offload are "
          + "slower than shown");
    }
    RunnerUp runnerUp = ranked.size() < 2 ? null : runnerUp(ranked.get(0), ranked.get(1));
    List<String> infeasible = plans.isEmpty()
        ? new Infeasibility(spec, leanest, control, search).reasons(groupBests) : List.of();
    List<String> guesses = plans.isEmpty() ? List.of() : Guesses.of(plans.get(0));
    return new SearchResult(spec, plans, timeCost, timeGpus, runnerUp, infeasible, notes, stats, guesses,
        guesses.isEmpty() ? null : onValidatedGround(order));
  }

  /** The best plan on validated ground away from the extremes, or null when none was kept. */
  private Plan onValidatedGround(List<ScoredCandidate> order) {
    for (ScoredCandidate s : order) {
      if (Guesses.layout(job(s.candidate(), s.group())).isEmpty()) {
        Plan p = explain(s);
        if (Guesses.of(p).isEmpty()) {
          return p;
        }
      }
    }
    return null;
  }

  /**
   * The Pareto front of time to train against {@code other} (cost or GPUs) over the group winners (within
   * a group the fastest plan is also the cheapest): fastest first, each next one strictly lower on the other.
   */
  private List<Plan> front(List<ScoredCandidate> candidates, Comparator<ScoredCandidate> other) {
    List<ScoredCandidate> sorted = candidates.stream().sorted(Comparator.comparingDouble(ScoredCandidate::seconds)
        .thenComparing(other)
        .thenComparing(ScoredCandidate::candidate, Candidate.FASTEST)).toList();
    List<Plan> front = new ArrayList<>();
    ScoredCandidate lowest = null;
    for (ScoredCandidate s : sorted) {
      if (lowest == null || other.compare(s, lowest) < 0) {
        front.add(explain(s));
        lowest = s;
      }
    }
    return front;
  }

  private Plan explain(ScoredCandidate s) {
    return explained.computeIfAbsent(s.candidate(), c -> {
      GpuOption o = s.group().option();
      TrainingJob job = job(c, s.group());
      MemoryEstimate m = memory.estimate(job);
      TimeEstimate t = time.estimate(job);
      return new Plan(o.planRequest(c.layout()), job, m, TrainingRun.of(job, t, spec.tokens(), o.price()),
          failureFactor(c, s.group()));
    });
  }

  private RunnerUp runnerUp(ScoredCandidate first, ScoredCandidate second) {
    Plan best = explain(first);
    Plan next = explain(second);
    Map<String, Double> a = best.time().partSeconds();
    Map<String, Double> b = next.time().partSeconds();
    String part = null;
    double grew = 0;
    for (Map.Entry<String, Double> e : b.entrySet()) {
      double d = e.getValue() - a.getOrDefault(e.getKey(), 0.0);
      if (d > grew) {
        grew = d;
        part = e.getKey();
      }
    }
    double ratio = switch (spec.objective()) {
      case TIME -> second.seconds() / first.seconds();
      case COST -> second.cost() / first.cost();
      case GPUS -> (double) second.gpus() / first.gpus();
    };
    double bestPart = part == null ? 0 : a.getOrDefault(part, 0.0);
    double nextPart = part == null ? 0 : b.get(part);
    return new RunnerUp(next, ratio, part, bestPart, nextPart, Wording.runnerUp(spec.objective(), first.group(),
        second.group(), best, next, ratio, part, bestPart, nextPart));
  }
}
