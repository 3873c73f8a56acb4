package org.llmplan.serve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidValueException;
import org.llmplan.error.PlanInputException;
import org.llmplan.hardware.Accelerator;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.infer.InferenceEstimate;
import org.llmplan.request.InferenceRequest;
import org.llmplan.infer.RequestLengths;
import org.llmplan.request.ReplicaLayout;
import org.llmplan.request.TokenCounts;
import org.llmplan.serving.Capacity;
import org.llmplan.serving.Deployment;
import org.llmplan.serving.ServingCost;
import org.llmplan.serving.ServingMetrics;
import org.llmplan.serving.Slo;
import org.llmplan.serving.Seconds;
import org.llmplan.serving.Workload;

/**
 * The cheapest deployment that serves a rate under latency targets, found as Vidur-Search does: every
 * accelerator x tensor parallelism (powers of two) x MoE layout (experts sliced over TP, whole over TP as EP, or
 * attention data-parallel with EP) x weight precision x max-num-seqs that fits is searched
 * for the highest rate one replica sustains ({@link org.llmplan.serving.CapacitySearch}, on a short run of the
 * traffic), which gives the replicas, GPUs and cost of the target rate. Candidates are evaluated in parallel;
 * the ranking is by cost per hour, then GPUs, then the higher sustained rate, then the order tried, so the
 * answer does not depend on the threads.
 */
public final class ServeSearch {
  static final List<Integer> DEFAULT_MAX_NUM_SEQS = List.of(64, 128, 256, 512);
  private static final String DEFAULT_PRECISIONS = "bf16,fp8";
  /** Capacities to 5 %: finer than the step from one replica count to the next matters for most rates. */
  static final double TOLERANCE = 0.05;

  private final Catalog catalog;
  private final ServePlanner planner;

  public ServeSearch(Catalog catalog, int maxRequests) {
    this.catalog = catalog;
    this.planner = new ServePlanner(catalog, maxRequests);
  }

  /** One deployment to try: the GPU, TP, MoE layout, weight format, sequence cap and prefill:decode split. */
  private record Spec(String gpu, int tp, MoeLayout layout, String precision, int maxNumSeqs, String disaggregated) {}

  /**
   * How an MoE model's layers split over the TP GPUs: experts sliced over TP (EP 1), experts whole over TP
   * (EP = TP), or attention data-parallel with the experts spread over the same GPUs.
   */
  enum MoeLayout {
    TP, TP_EP, DP_ATTENTION_EP;

    ReplicaLayout.Builder apply(ReplicaLayout.Builder b, int tp) {
      return switch (this) {
        case TP -> b.tp(tp);
        case TP_EP -> b.tp(tp).ep(tp).attentionDp(false);
        case DP_ATTENTION_EP -> b.tp(tp).ep(tp).attentionDp(true);
      };
    }
  }

  /** What every candidate of one search shares: the base request, its traffic and its targets. */
  private record Question(ServeRequest base, Workload workload, RequestLengths lengths, Slo slo, long seed) {}

  public ServeSearchResult search(ServeSearchRequest q) {
    Question question = question(q);
    ServeRequest base = question.base();
    List<String> gpus = list(base.deployment().gpu());
    requirePrices(gpus, base.price());
    String precision = base.deployment().formats().precision();
    List<String> precisions = list(precision != null ? precision : DEFAULT_PRECISIONS);
    int maxTp = (int) InvalidValueException.requireInRange("the largest TP", q.maxTp() != null ? q.maxTp() : 8, 1, 64);
    List<Integer> seqs = q.maxNumSeqs() != null && !q.maxNumSeqs().isEmpty() ? q.maxNumSeqs()
        : DEFAULT_MAX_NUM_SEQS;
    seqs.forEach(s -> InvalidValueException.requireInRange("max-num-seqs", s == null ? 0 : s, 1, 100_000));
    int top = (int) InvalidValueException.requireInRange("top", q.top() != null ? q.top() : 5, 1, 1000);
    List<String> splits = Boolean.TRUE.equals(q.disaggregated()) ? Arrays.asList(null, "1:1", "1:2", "2:1")
        : Arrays.asList((String) null);
    List<MoeLayout> layouts = moeLayouts(base.deployment());
    List<ServeCandidate> evaluated = specs(gpus, maxTp, layouts, precisions, seqs, splits).parallelStream()
        .map(spec -> evaluate(spec, question)).toList();
    List<ServeCandidate> ranked = evaluated.stream().filter(ServeCandidate::meets)
        .sorted(Comparator.comparingDouble((ServeCandidate c) -> c.cost().usdPerHour())
            .thenComparingInt(c -> c.cost().gpus())
            .thenComparing(c -> -((Capacity.Sustained) c.capacity()).maxRatePerSecond()))
        .toList();
    if (evaluated.stream().allMatch(c -> c.skipped() != null)) {
      throw nothingFits(base, gpus, maxTp, precisions, evaluated.get(evaluated.size() - 1));
    }
    return new ServeSearchResult(q, question.workload().describe(), question.workload().ratePerSecond(),
        ranked.subList(0, Math.min(top, ranked.size())), evaluated,
        ranked.size() > 1 ? runnerUp(ranked.get(0), ranked.get(1)) : null,
        ranked.isEmpty() ? infeasible(evaluated, question.slo()) : null);
  }

  /** The base request checked for what a search needs, with its traffic and targets. */
  private static Question question(ServeSearchRequest q) {
    ServeRequest base = q.base();
    if (base == null || base.deployment() == null || base.deployment().gpu() == null) {
      throw new InvalidValueException("say which model and which accelerators to search (e.g. h100,a100)");
    }
    Slo slo = ServePlanner.slo(base);
    if (slo == null) {
      throw new InvalidValueException("a search needs a latency target: give a TTFT p99 (e.g. 2s), a TPOT p99 "
          + "(e.g. 50ms), or both");
    }
    if (base.rate() == null) {
      throw new InvalidValueException("a search needs the request rate to serve, e.g. 20 or 1200/min");
    }
    if (base.staticBatch() != null || base.disaggregated() != null) {
      throw new InvalidValueException("a search tries continuous batching, aggregated and (when asked) 1:1, 1:2 "
          + "and 2:1 disaggregated; drop the static batch and the fixed prefill:decode split");
    }
    Workload workload = ServePlanner.workload(base);
    long seed = ServePlanner.seed(base);
    return new Question(base, workload, ServePlanner.meanLengths(workload, seed), slo, seed);
  }

  /**
   * The MoE layouts to try: all three for an MoE model whose request leaves EP and attention DP open, else the
   * one the request states (searched as TP).
   */
  private List<MoeLayout> moeLayouts(InferenceRequest b) {
    boolean open = b.layout().ep() == null && b.layout().attentionDp() == null;
    boolean moe = b.model() != null && catalog.model(b.model()).isMoe();
    return open && moe ? List.of(MoeLayout.values()) : List.of(MoeLayout.TP);
  }

  /** Every GPU x TP (powers of two) x MoE layout x precision x max-num-seqs x split, in the order tried. */
  private static List<Spec> specs(List<String> gpus, int maxTp, List<MoeLayout> layouts, List<String> precisions,
      List<Integer> seqs, List<String> splits) {
    List<Spec> specs = new ArrayList<>();
    for (String gpu : gpus) {
      for (int tp = 1; tp <= maxTp; tp *= 2) {
        for (MoeLayout layout : tp == 1 ? layouts.subList(0, 1) : layouts) {
          for (String precision : precisions) {
            for (int s : seqs) {
              for (String split : splits) {
                specs.add(new Spec(gpu, tp, layout, precision, s, split));
              }
            }
          }
        }
      }
    }
    return specs;
  }

  private static InvalidValueException nothingFits(ServeRequest base, List<String> gpus, int maxTp,
      List<String> precisions, ServeCandidate largest) {
    return new InvalidValueException("no deployment of " + base.deployment().model() + " fits on "
        + String.join(", ", gpus) + " up to TP " + maxTp + " with " + String.join(", ", precisions)
        + "; the last tried (" + largest.deployment().gpu() + " TP" + largest.deployment().layout().tp() + " "
        + largest.deployment().formats().precision() + "): " + largest.skipped() + "; allow a larger TP (max TP), "
        + "lower precision (int4) or a GPU with more memory");
  }

  private ServeCandidate evaluate(Spec spec, Question question) {
    ServeRequest base = question.base();
    Workload workload = question.workload();
    RequestLengths lengths = question.lengths();
    long seed = question.seed();
    InferenceRequest b = base.deployment();
    InferenceRequest given = b.withGpu(spec.gpu()).with(spec.layout().apply(b.layout().toBuilder(), spec.tp()).build())
        .with(b.formats().toBuilder().precision(spec.precision()).build())
        .with(b.engineOptions().toBuilder().maxNumSeqs(spec.maxNumSeqs()).build()).with(TokenCounts.UNSET);
    InferenceRequest explicit = given;
    int pp = b.layout().pp() != null ? b.layout().pp() : 1;
    int gpus = spec.tp() * pp * instances(spec.disaggregated());
    try {
      explicit = planner.explicit(given, lengths);
      InferenceDeployment d = explicit.toDeployment(catalog);
      InferenceEstimate estimate = InferenceEstimate.of(d, lengths);
      if (!estimate.memory().fits()) {
        return new ServeCandidate(explicit, spec.disaggregated(), gpus, "does not fit: " + estimate.memory().reason(),
            null, null);
      }
      ServeRequest split = base.on(explicit, spec.disaggregated());
      Deployment deployment = planner.deployment(split, d, estimate.memory());
      Capacity capacity = planner.capacity(deployment, workload, estimate, question.slo(), seed, TOLERANCE);
      ServingCost cost = capacity instanceof Capacity.Sustained s ? ServingCost.of(s, deployment.gpus(),
          workload.ratePerSecond(), ServePlanner.price(base.price(), d)) : null;
      return new ServeCandidate(explicit, spec.disaggregated(), deployment.gpus(), null, capacity, cost);
    } catch (PlanInputException e) {
      return new ServeCandidate(explicit, spec.disaggregated(), gpus, e.getMessage(), null, null);
    }
  }

  /** Replicas in one unit: 1 aggregated, P + D for a P:D split of the searched form. */
  private static int instances(String split) {
    if (split == null) {
      return 1;
    }
    String[] pd = split.split(":");
    return Integer.parseInt(pd[0]) + Integer.parseInt(pd[1]);
  }

  /** Comparing GPU kinds by cost needs a price for each. */
  private void requirePrices(List<String> gpus, Double given) {
    if (gpus.size() < 2 || given != null) {
      return;
    }
    for (String name : gpus) {
      Accelerator gpu = catalog.gpu(name);
      if (gpu.price() == null) {
        throw new InvalidValueException("the catalog knows no price for " + gpu.name() + ", so accelerators cannot "
            + "be compared by cost: search one accelerator at a time with a price each, or drop " + gpu.name());
      }
    }
  }

  private static String runnerUp(ServeCandidate best, ServeCandidate second) {
    ServingCost a = best.cost();
    ServingCost b = second.cost();
    String what = "the runner-up (" + second.label() + ") needs " + b.replicas() + " x " + second.gpus() + " GPUs";
    if (b.usdPerHour() > a.usdPerHour()) {
      return what + String.format(Locale.ROOT, " at $%.2f/h, $%.2f/h more than the best", b.usdPerHour(),
          b.usdPerHour() - a.usdPerHour());
    }
    if (b.gpus() > a.gpus()) {
      return what + ", " + (b.gpus() - a.gpus()) + " more than the best";
    }
    double bestRate = ((Capacity.Sustained) best.capacity()).maxRatePerSecond();
    double rate = ((Capacity.Sustained) second.capacity()).maxRatePerSecond();
    return what + (rate < bestRate ? String.format(Locale.ROOT, ", as many as the best, but sustains %.2f requests/s "
        + "per replica against %.2f", rate, bestRate) : ", as many as the best, and sustains the same rate: a tie, "
        + "broken by the order tried");
  }

  /** Why nothing meets the targets: the best any candidate does with one request at a time. */
  private static String infeasible(List<ServeCandidate> evaluated, Slo slo) {
    ServeCandidate bestTtft = null;
    ServeCandidate bestTpot = null;
    for (ServeCandidate c : evaluated) {
      if (c.capacity() == null) {
        continue;
      }
      if (bestTtft == null || unloaded(c).ttftSeconds().p99() < unloaded(bestTtft).ttftSeconds().p99()) {
        bestTtft = c;
      }
      if (bestTpot == null || unloaded(c).tpotSeconds().p99() < unloaded(bestTpot).tpotSeconds().p99()) {
        bestTpot = c;
      }
    }
    return "infeasible, because no deployment meets " + targets(slo) + ": the best unloaded TTFT p99 is "
        + Seconds.format(unloaded(bestTtft).ttftSeconds().p99()) + " (" + bestTtft.label() + ") and the best unloaded "
        + "TPOT p99 " + Seconds.format(unloaded(bestTpot).tpotSeconds().p99()) + " (" + bestTpot.label() + "); "
        + "relax the "
        + "targets, shorten the prompts, or allow faster GPUs or more tensor parallelism";
  }

  private static ServingMetrics unloaded(ServeCandidate c) {
    return c.capacity().unloaded();
  }

  static String targets(Slo slo) {
    List<String> parts = new ArrayList<>();
    if (slo.ttftP99Seconds() < Double.POSITIVE_INFINITY) {
      parts.add("TTFT p99 " + Seconds.format(slo.ttftP99Seconds()));
    }
    if (slo.tpotP99Seconds() < Double.POSITIVE_INFINITY) {
      parts.add("TPOT p99 " + Seconds.format(slo.tpotP99Seconds()));
    }
    return String.join(" and ", parts);
  }

  private static List<String> list(String csv) {
    List<String> out = new ArrayList<>();
    for (String s : csv.split(",", -1)) {
      if (s.isBlank()) {
        throw new InvalidValueException("empty name in the list '" + csv + "': write names separated by commas");
      }
      out.add(s.trim());
    }
    return out;
  }
}
