package org.llmplan.search;

import java.util.Locale;
import org.llmplan.hardware.Accelerator;

/** The sentences a search answers with: durations, money and memory as a person writes them. */
final class Wording {
  private Wording() {}

  static String usd(double amount) {
    if (amount >= 1e6) {
      return String.format(Locale.ROOT, "$%.2fM", amount / 1e6);
    }
    if (amount >= 1e4) {
      return String.format(Locale.ROOT, "$%.1fk", amount / 1e3);
    }
    return String.format(Locale.ROOT, "$%.0f", amount);
  }

  static String gib(double bytes) {
    return String.format(Locale.ROOT, "%.1f GiB", bytes / Accelerator.GIB);
  }

  static String seconds(double s) {
    return String.format(Locale.ROOT, s >= 1 ? "%.2f s" : "%.3f s", s);
  }

  /** "camelCase" part names as words: "pipelineBubble" -> "pipeline bubble". */
  static String words(String part) {
    return part.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
  }

  static String runnerUp(SearchObjective objective, GpuGroup best, GpuGroup next, Plan a,
      Plan b, double ratio, String part, double bestPart, double nextPart) {
    StringBuilder s = new StringBuilder("the runner-up (");
    if (best.option() != next.option() || best.gpus() != next.gpus()) {
      s.append(next.gpus()).append(" x ").append(next.option().gpu()).append(", ");
    }
    s.append(b.job().parallelism().label()).append(") ");
    if (ratio == 1 && part == null) {
      return s.append("ties with #1 and ranks second only by the tie-break (more memory to spare, then the simpler "
          + "layout)").toString();
    }
    String percent = String.format(Locale.ROOT, ratio < 1.001 ? "%.2f %%" : "%.1f %%", (ratio - 1) * 100);
    switch (objective) {
      case TIME -> s.append("takes ").append(percent).append(" longer");
      case COST -> s.append("costs ").append(percent).append(" more (").append(usd(b.run().costUsd())).append(" vs ")
          .append(usd(a.run().costUsd())).append(')');
      case GPUS -> s.append(next.gpus() == best.gpus() ? String.format(Locale.ROOT,
          "uses as many GPUs and takes %.1f %% longer", (b.stepSeconds() / a.stepSeconds() - 1) * 100)
          : "uses " + next.gpus() + " GPUs instead of " + best.gpus());
    }
    if (part != null) {
      s.append(": its ").append(words(part)).append(" takes ").append(seconds(nextPart - bestPart))
          .append(" more per step (").append(seconds(nextPart)).append(" vs ").append(seconds(bestPart)).append(')');
    } else if (objective == SearchObjective.COST) {
      s.append(": its GPUs cost more per hour");
    }
    return s.toString();
  }
}
