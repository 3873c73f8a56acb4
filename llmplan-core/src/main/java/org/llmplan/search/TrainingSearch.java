package org.llmplan.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.llmplan.estimate.Durations;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
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

/**
 * The exhaustive layout search: for every accelerator and GPU count, every legal layout ({@link LayoutSpace})
 * is checked for memory in closed form and, if it fits, timed; the fastest of each (GPU, count) group are
 * kept, ranked under the objective, deadline and budget, and the winners explained.
 *
 * <p>Nothing is sampled, and what is skipped cannot change the answer: a layout that does not fit is not
 * timed; offload is tried only for layouts that do not fit without it, least offload first, because the step
 * time does not depend on it (the layout without offload ties and ranks first); and within a group the
 * objective, deadline and budget all follow the step time (same GPUs, same price, same tokens per step), so
 * the best N of each group hold the best N overall. Work is split over the CPU cores by (group, TP, CP, PP
 * split); ties are broken by {@link LayoutOrder}, so the result does not depend on the thread schedule.
 */
public final class TrainingSearch {
  /** The largest GPU count the feasibility probe tries when nothing fits. */
  static final int PROBE_LIMIT = 1 << 20;
  /** The longest the feasibility probe runs. */
  static final double PROBE_SECONDS = 10;

  private final int threads;

  public TrainingSearch() {
    this(Runtime.getRuntime().availableProcessors());
  }

  public TrainingSearch(int threads) {
    this.threads = Math.max(1, threads);
  }

  record Group(int index, GpuOption option, int gpus, LayoutSpace space) {}

  private record Task(Group group, LayoutSpace.Shape shape) {}

  /** What one task found: its fastest plans and its counts. */
  private static final class TaskResult {
    final TopPlans top;
    long size;
    long checked;
    long fitting;
    long rejected;
    double leanestBytes = Double.POSITIVE_INFINITY;
    Parallelism leanest;

    TaskResult(int capacity) {
      top = new TopPlans(capacity);
    }

    void doesNotFit(double bytes, Parallelism layout) {
      if (bytes < leanestBytes) {
        leanestBytes = bytes;
        leanest = layout;
      }
    }
  }

  public SearchResult run(SearchSpec spec, SearchControl control) {
    int kept = Math.max(2, spec.top()); // two at least, to say why the second lost
    List<Group> groups = new ArrayList<>();
    for (GpuOption option : spec.options()) {
      for (int gpus : option.counts()) {
        groups.add(new Group(groups.size(), option, gpus, new LayoutSpace(option.base(), gpus)));
      }
    }
    List<Task> tasks = new ArrayList<>();
    for (Group g : groups) {
      g.space().shapes().forEach(shape -> tasks.add(new Task(g, shape)));
    }
    control.start(tasks.size());
    boolean offload = spec.offload() == OffloadChoice.ALWAYS;
    TaskResult[] results = new TaskResult[tasks.size()];
    inParallel(tasks.size(), i -> {
      results[i] = search(tasks.get(i), offload, kept, control);
      control.advance();
    });
    if (spec.offload() == OffloadChoice.IF_NEEDED) {
      offloadWhereNothingFits(tasks, results, groups.size(), kept, control);
    }

    TopPlans[] best = new TopPlans[groups.size()];
    Map<GpuOption, TaskResult> leanest = new IdentityHashMap<>();
    long size = 0;
    long checked = 0;
    long fitting = 0;
    long rejected = 0;
    for (int i = 0; i < results.length; i++) {
      TaskResult r = results[i];
      Group g = tasks.get(i).group();
      if (best[g.index()] == null) {
        best[g.index()] = new TopPlans(kept);
      }
      best[g.index()].addAll(r.top);
      size += r.size;
      checked += r.checked;
      fitting += r.fitting;
      rejected += r.rejected;
      TaskResult lean = leanest.get(g.option());
      if (r.leanest != null && (lean == null || r.leanestBytes < lean.leanestBytes)) {
        leanest.put(g.option(), r);
      }
    }
    SearchResult.Stats stats = new SearchResult.Stats(size, checked, fitting, rejected, groups.size(),
        control.elapsedSeconds(), control.stopReason());
    return new Ranking(spec, groups, best, leanest, control).result(stats);
  }

  /** Offload as the last resort: the tasks of the groups where nothing fit without offload, again with it. */
  private void offloadWhereNothingFits(List<Task> tasks, TaskResult[] results, int groups, int top,
      SearchControl control) {
    boolean[] fits = new boolean[groups];
    for (int i = 0; i < results.length; i++) {
      fits[tasks.get(i).group().index()] |= results[i].fitting > 0;
    }
    List<Integer> again = IntStream.range(0, tasks.size()).filter(i -> !fits[tasks.get(i).group().index()])
        .boxed().toList();
    control.start(again.size());
    inParallel(again.size(), k -> {
      int i = again.get(k);
      TaskResult withOffload = search(tasks.get(i), true, top, control);
      withOffload.checked += results[i].checked;
      results[i] = withOffload;
      control.advance();
    });
  }

  /** Every layout of one task: memory first, then (with {@code offload}) the least offload that fits, then time. */
  private static TaskResult search(Task task, boolean offload, int top, SearchControl control) {
    TaskResult r = new TaskResult(top);
    if (control.shouldStop()) {
      return r;
    }
    Group g = task.group();
    LayoutEvaluator evaluator = new LayoutEvaluator(g.option().base());
    r.size = g.space().forEach(task.shape(), offload, layout -> {
      if ((r.checked & 0x3ff) == 0 && control.shouldStop()) {
        return LayoutSpace.Verdict.STOP;
      }
      r.checked++;
      Parallelism chosen = layout;
      double step = evaluator.evaluate(layout);
      if (step == LayoutEvaluator.DOES_NOT_FIT) {
        r.doesNotFit(evaluator.peakBytes(), layout);
        for (Parallelism variant : offload ? g.space().offloadVariants(layout) : List.<Parallelism>of()) {
          r.checked++;
          double offloaded = evaluator.evaluate(variant);
          if (offloaded >= 0) {
            step = offloaded;
            chosen = variant;
            break;
          }
          r.rejected += offloaded == LayoutEvaluator.REJECTED ? 1 : 0;
        }
      }
      if (step == LayoutEvaluator.DOES_NOT_FIT) {
        return LayoutSpace.Verdict.LARGER_MICRO_BATCHES_DO_NOT_FIT;
      }
      if (step == LayoutEvaluator.REJECTED) {
        r.rejected++;
      } else {
        r.fitting++;
        r.top.offer(new Candidate(g.index(), chosen, step, evaluator.peakBytes()));
      }
      return LayoutSpace.Verdict.NEXT;
    });
    return r;
  }

  /** Whether any layout of {@code option} on {@code gpus} GPUs fits in memory (offload included). */
  boolean anyFits(GpuOption option, int gpus, boolean offload, BooleanSupplier stop) {
    LayoutSpace space = new LayoutSpace(option.base(), gpus);
    List<LayoutSpace.Shape> shapes = space.shapes();
    AtomicBoolean found = new AtomicBoolean();
    inParallel(shapes.size(), i -> {
      LayoutEvaluator evaluator = new LayoutEvaluator(option.base());
      space.forEach(shapes.get(i), offload, layout -> {
        if (found.get() || stop.getAsBoolean()) {
          return LayoutSpace.Verdict.STOP;
        }
        if (evaluator.fits(layout) || offload && space.offloadVariants(layout).stream().anyMatch(evaluator::fits)) {
          found.set(true);
          return LayoutSpace.Verdict.STOP;
        }
        return LayoutSpace.Verdict.LARGER_MICRO_BATCHES_DO_NOT_FIT;
      });
    });
    return found.get();
  }

  private void inParallel(int count, IntConsumer body) {
    ForkJoinPool pool = new ForkJoinPool(threads);
    try {
      pool.submit(() -> IntStream.range(0, count).parallel().forEach(body)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("search interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdown();
    }
  }

  /** The group winners ranked under the objective and limits, explained, with fronts and the runner-up. */
  private final class Ranking {
    private final SearchSpec spec;
    private final List<Group> groups;
    private final TopPlans[] best;
    private final Map<GpuOption, TaskResult> leanest;
    private final SearchControl control;
    private final Map<Candidate, Plan> explained = new HashMap<>();
    private final Map<Candidate, Double> factors = new HashMap<>();
    private final TrainingMemoryEstimator memory = new TrainingMemoryEstimator();
    private final TrainingTimeEstimator time = new TrainingTimeEstimator();

    Ranking(SearchSpec spec, List<Group> groups, TopPlans[] best, Map<GpuOption, TaskResult> leanest,
        SearchControl control) {
      this.spec = spec;
      this.groups = groups;
      this.best = best;
      this.leanest = leanest;
      this.control = control;
    }

    /** A candidate with what the objective and limits judge: time to train, cost, GPUs. */
    private record Scored(Candidate candidate, Group group, double seconds, double cost) {
      int gpus() {
        return group.gpus();
      }
    }

    private Scored score(Candidate c) {
      Group g = groups.get(c.group());
      TrainingJob base = g.option().base();
      // As TimeEstimate and TrainingRun compute them, so that ranks agree with the explained plans.
      double tokensPerStep = (double) base.globalBatch() * base.seq();
      double seconds = spec.tokens() / (tokensPerStep / c.stepSeconds()) * failureFactor(c, g);
      double gpuHours = g.gpus() * seconds / 3600;
      return new Scored(c, g, seconds, gpuHours * g.option().usdPerGpuHour());
    }

    /**
     * Expected over failure-free wall time of a candidate: its checkpoint (the state each GPU holds) copied to
     * host memory while training waits, written to storage in the background, reloaded after each
     * interruption. Only ranked candidates get here, so the explained memory estimate is affordable.
     */
    private double failureFactor(Candidate c, Group g) {
      if (spec.failures() == null) {
        return 1;
      }
      return factors.computeIfAbsent(c, k -> {
        TrainingJob job = g.option().base().with(c.layout(), g.option().base().globalBatch());
        CheckpointTimes ckpt = CheckpointTimes.of(job, CheckpointSize.of(job, memory.estimate(job)),
            spec.checkpointStorage());
        return spec.failures().expectedTimeFactor(g.gpus(), c.stepSeconds(), ckpt.stallSeconds(CheckpointMode.ASYNC),
            ckpt.persistLagSeconds(CheckpointMode.ASYNC), ReliabilityModel.DEFAULT_RESTART_SECONDS
                + ckpt.restoreSeconds());
      });
    }

    private boolean withinLimits(Scored s) {
      return s.seconds() <= spec.deadlineSeconds() && s.cost() <= spec.budgetUsd();
    }

    private Comparator<Scored> objectiveOrder() {
      Comparator<Scored> bySeconds = Comparator.comparingDouble(Scored::seconds);
      Comparator<Scored> byCost = Comparator.comparingDouble(Scored::cost);
      Comparator<Scored> byGpus = Comparator.comparingInt(Scored::gpus);
      Comparator<Scored> order = switch (spec.objective()) {
        case TIME -> bySeconds.thenComparing(byCost).thenComparing(byGpus);
        case COST -> byCost.thenComparing(bySeconds).thenComparing(byGpus);
        case GPUS -> byGpus.thenComparing(bySeconds).thenComparing(byCost);
      };
      return order.thenComparing(Scored::candidate, Candidate.FASTEST);
    }

    SearchResult result(SearchResult.Stats stats) {
      List<Scored> all = new ArrayList<>();
      List<Scored> groupBests = new ArrayList<>();
      for (TopPlans top : best) {
        List<Candidate> list = top == null ? List.of() : top.list();
        list.forEach(c -> all.add(score(c)));
        if (!list.isEmpty()) {
          groupBests.add(score(list.get(0)));
        }
      }
      List<Scored> ranked = all.stream().filter(this::withinLimits).sorted(objectiveOrder())
          .limit(Math.max(2, spec.top())).toList();
      List<Plan> plans = ranked.stream().limit(spec.top()).map(this::explain).toList();
      List<Scored> feasibleBests = groupBests.stream().filter(this::withinLimits).toList();
      List<String> notes = new ArrayList<>();
      List<Plan> timeCost = front(feasibleBests.stream().filter(s -> s.group().option().usdPerGpuHour() > 0).toList(),
          Comparator.comparingDouble(Scored::cost));
      for (GpuOption o : spec.options()) {
        if (o.usdPerGpuHour() <= 0) {
          notes.add("no price is known for " + o.gpu() + ": its plans show no cost and are left out of the "
              + "time-cost front; pass --price " + o.gpu() + "=USD");
        }
      }
      List<Plan> timeGpus = front(feasibleBests, Comparator.comparingInt(Scored::gpus));
      if (plans.stream().anyMatch(p -> p.job().parallelism().offloadOptimizer() != OffloadTarget.NONE
          || p.job().parallelism().offloadParameters() != OffloadTarget.NONE)) {
        notes.add("the step time does not charge offload traffic over PCIe or to NVMe: plans with offload are "
            + "slower than shown");
      }
      RunnerUp runnerUp = ranked.size() < 2 ? null : runnerUp(ranked.get(0), ranked.get(1));
      List<String> infeasible = plans.isEmpty() ? new Infeasibility(groupBests).reasons() : List.of();
      return new SearchResult(spec, plans, timeCost, timeGpus, runnerUp, infeasible, notes, stats);
    }

    /**
     * The Pareto front of time to train against {@code other} (cost or GPUs) over the group winners (within
     * a group the fastest plan is also the cheapest): fastest first, each next one strictly lower on the other.
     */
    private List<Plan> front(List<Scored> candidates, Comparator<Scored> other) {
      List<Scored> sorted = candidates.stream().sorted(Comparator.comparingDouble(Scored::seconds).thenComparing(other)
          .thenComparing(Scored::candidate, Candidate.FASTEST)).toList();
      List<Plan> front = new ArrayList<>();
      Scored lowest = null;
      for (Scored s : sorted) {
        if (lowest == null || other.compare(s, lowest) < 0) {
          front.add(explain(s));
          lowest = s;
        }
      }
      return front;
    }

    private Plan explain(Scored s) {
      return explained.computeIfAbsent(s.candidate(), c -> {
        GpuOption o = s.group().option();
        TrainingJob job = o.base().with(c.layout(), o.base().globalBatch());
        MemoryEstimate m = memory.estimate(job);
        TimeEstimate t = time.estimate(job);
        return new Plan(o.planRequest(c.layout()), job, m, TrainingRun.of(job, t, spec.tokens(), o.price()),
            failureFactor(c, s.group()));
      });
    }

    private RunnerUp runnerUp(Scored first, Scored second) {
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

    /** Why no plan meets the request, and what would. */
    private final class Infeasibility {
      private final List<Scored> groupBests;

      Infeasibility(List<Scored> groupBests) {
        this.groupBests = groupBests;
      }

      List<String> reasons() {
        List<String> reasons = new ArrayList<>();
        if (groupBests.isEmpty()) {
          for (GpuOption o : spec.options()) {
            reasons.add(memoryReason(o));
          }
          return reasons;
        }
        Scored fastest = groupBests.stream().min(Comparator.comparingDouble(Scored::seconds)).orElseThrow();
        Scored cheapest = groupBests.stream().min(Comparator.comparingDouble(Scored::cost)).orElseThrow();
        boolean fixedCount = spec.options().stream().allMatch(o -> o.counts().size() == 1);
        if (fastest.seconds() > spec.deadlineSeconds()) {
          reasons.add("the fastest plan takes " + Durations.describe(fastest.seconds()) + " (" + label(fastest)
              + "), more than the deadline of " + Durations.describe(spec.deadlineSeconds()) + ": raise --deadline or "
              + (fixedCount ? "allow more GPUs (--max-gpus)" : "--max-gpus"));
        }
        if (cheapest.cost() > spec.budgetUsd()) {
          reasons.add("the cheapest plan costs " + Wording.usd(cheapest.cost()) + " (" + label(cheapest)
              + "), more than the budget of " + Wording.usd(spec.budgetUsd()) + ": raise --budget");
        }
        if (reasons.isEmpty()) {
          Scored inTime = groupBests.stream().filter(s -> s.seconds() <= spec.deadlineSeconds())
              .min(Comparator.comparingDouble(Scored::cost)).orElseThrow();
          Scored inBudget = groupBests.stream().filter(s -> s.cost() <= spec.budgetUsd())
              .min(Comparator.comparingDouble(Scored::seconds)).orElseThrow();
          reasons.add("no plan meets both the deadline and the budget: within the deadline the cheapest costs "
              + Wording.usd(inTime.cost()) + " (" + label(inTime) + "), within the budget the fastest takes "
              + Durations.describe(inBudget.seconds()) + " (" + label(inBudget) + "); raise --deadline or --budget");
        }
        return reasons;
      }

      private String label(Scored s) {
        return s.gpus() + " x " + s.group().option().gpu() + ", " + s.candidate().layout().label();
      }

      private String memoryReason(GpuOption o) {
        TrainingJob base = o.base();
        int most = o.counts().get(o.counts().size() - 1);
        String where = (o.counts().size() == 1 ? "" : "up to ") + most + " GPUs";
        String reason = "no layout of " + base.model().name() + " fits in the " + Wording.gib(base.gpu().memoryBytes())
            + " of " + o.gpu() + " on " + where;
        TaskResult lean = leanest.get(o);
        if (lean != null) {
          reason += " (the leanest layout without offload needs " + Wording.gib(lean.leanestBytes) + " per GPU: "
              + lean.leanest.label() + ")";
        }
        if (control.stopReason() != null) {
          return reason + "; the search stopped early (" + control.stopReason() + ")";
        }
        return reason + "; " + fitsFrom(o, most);
      }

      /**
       * The feasibility probe: the whole-node GPU counts above {@code tried} on which any layout is legal,
       * smallest first, until a layout fits.
       */
      private String fitsFrom(GpuOption o, int tried) {
        int perNode = o.base().gpusPerNode();
        boolean offload = spec.offload() != OffloadChoice.NEVER;
        long deadline = System.nanoTime() + (long) (PROBE_SECONDS * 1e9);
        BooleanSupplier stop = () -> control.shouldStop() || System.nanoTime() > deadline;
        int probed = tried;
        for (int count : LayoutSpace.legalCounts(o.base(), tried, PROBE_LIMIT)) {
          if (stop.getAsBoolean()) {
            break;
          }
          if (count % perNode == 0) {
            if (anyFits(o, count, offload, stop)) {
              return "it needs at least " + count + " GPUs: use --gpus " + count + " or --max-gpus " + count;
            }
            probed = count;
          }
        }
        String reason = "no layout fits on up to " + probed + " GPUs with a global batch of "
            + o.base().globalBatch() + " sequences of " + o.base().seq() + " tokens";
        return stop.getAsBoolean() ? reason + " (larger counts were not tried in the " + (int) PROBE_SECONDS
            + " s the probe may take)" : reason + ": use a GPU with more memory, a shorter --seq or a larger "
            + "--global-batch";
      }
    }
  }
}
