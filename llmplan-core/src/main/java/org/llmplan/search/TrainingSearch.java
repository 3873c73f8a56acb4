package org.llmplan.search;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.llmplan.parallel.Parallelism;

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
  private final int threads;

  public TrainingSearch() {
    this(Runtime.getRuntime().availableProcessors());
  }

  public TrainingSearch(int threads) {
    this.threads = Math.max(1, threads);
  }

  private record Task(GpuGroup group, LayoutSpace.Shape shape) {}

  public SearchResult run(SearchSpec spec, SearchControl control) {
    int kept = Math.max(2, spec.top()); // two at least, to say why the second lost
    List<GpuGroup> groups = new ArrayList<>();
    for (GpuOption option : spec.options()) {
      for (int gpus : option.counts()) {
        groups.add(new GpuGroup(groups.size(), option, gpus, new LayoutSpace(option.base(), gpus)));
      }
    }
    List<Task> tasks = new ArrayList<>();
    for (GpuGroup g : groups) {
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
      GpuGroup g = tasks.get(i).group();
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
    return new Ranking(spec, groups, best, leanest, control, this).result(stats);
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
    GpuGroup g = task.group();
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
}
