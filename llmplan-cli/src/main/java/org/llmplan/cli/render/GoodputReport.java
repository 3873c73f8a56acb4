package org.llmplan.cli.render;

import java.util.Locale;
import java.util.stream.Collectors;
import org.llmplan.reliability.FailureModel;
import org.llmplan.reliability.GoodputEstimate;
import org.llmplan.reliability.ReliabilityEstimate;
import org.llmplan.reliability.RunSchedule;
import org.llmplan.reliability.RunSimulation;
import org.llmplan.storage.CheckpointMode;
import org.llmplan.storage.CheckpointSize;
import org.llmplan.storage.CheckpointTimes;
import org.llmplan.storage.DataLoading;
import org.llmplan.storage.StorageEstimate;
import org.llmplan.train.TrainingRun;

/** Renders the Storage and Reliability sections of `llmplan train`. */
public final class GoodputReport {
  /** Causes listed by name; the rest are summed. */
  private static final int CAUSES_SHOWN = 4;

  private GoodputReport() {}

  public static String storage(StorageEstimate s) {
    CheckpointTimes t = s.checkpoint();
    CheckpointSize size = t.size();
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "Storage: %s (%s): writes %s, reads %s for the job's nodes (write bound: %s)"
            + "%n", s.system().name(), s.system().kind(), NetworkReport.rate(t.writeBytesPerSecond()),
        NetworkReport.rate(t.readBytesPerSecond()), t.writeBound()));
    b.append(String.format(Locale.ROOT, "Checkpoint: %s = weights %s + master weights %s + optimizer states %s; %s "
            + "written and %s held per GPU%n", NetworkReport.bytes(size.totalBytes()),
        NetworkReport.bytes(size.weightsBytes()), NetworkReport.bytes(size.masterBytes()),
        NetworkReport.bytes(size.optimizerBytes()), NetworkReport.bytes(size.writeBytesPerGpu()),
        NetworkReport.bytes(size.heldBytesPerGpu())));
    b.append(String.format(Locale.ROOT, "  blocking save %s; async save stalls %s (copy to host), on storage %s later;"
            + " restore %s%n", time(t.blockingSeconds()), time(t.hostCopySeconds()), time(t.persistSeconds()),
        time(t.restoreSeconds())));
    b.append(String.format(Locale.ROOT, "  checkpointing every %s within %s stalls needs %s of writes async, %s "
            + "blocking (%s mode)%n", time(s.intervalSeconds()), NetworkReport.percent1(s.stallBudget()),
        required(s.requiredWriteBytesPerSecond(CheckpointMode.ASYNC)),
        required(s.requiredWriteBytesPerSecond(CheckpointMode.BLOCKING)), s.mode().label()));
    if (!s.system().durable()) {
      b.append("note: a checkpoint on ").append(s.system().name())
          .append(" dies with its node; copy it to durable storage\n");
    }
    DataLoading d = s.data();
    String need = d.bytesPerSample() > 0
        ? String.format(Locale.ROOT, "%.1f samples/s x %s", d.sequencesPerSecond(), NetworkReport.bytes(d.bytesPerSample()))
        : String.format(Locale.ROOT, "%s tokens/s x %.0f B", Units.count(d.tokensPerSecond()), d.bytesPerToken());
    b.append(String.format(Locale.ROOT, "Data: %s = %s (%s of the storage's read bandwidth)%n", need,
        NetworkReport.rate(d.bytesPerSecond()), NetworkReport.percent1(s.dataShareOfRead())));
    return b.toString();
  }

  public static String reliability(GoodputEstimate g) {
    ReliabilityEstimate r = g.reliability();
    FailureModel f = r.failures();
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "Reliability: %.2e interruptions per GPU-day, one every %s on %d GPUs%n",
        f.interruptionsPerGpuDay(), time(r.mtbfSeconds()), r.gpus()));
    b.append("  rate: ").append(f.source()).append('\n');
    b.append(String.format(Locale.ROOT, "  restart %s + reload %s; checkpoint every %s (%s; Young %s, Daly %s), "
            + "stalling %s each%n", time(r.restartOverheadSeconds()), time(r.restoreSeconds()),
        time(r.intervalSeconds()), r.intervalChoice(), time(r.youngSeconds()), time(r.dalySeconds()),
        time(r.stallSeconds())));
    if (r.hasRun() && Double.isFinite(r.schedule().expectedSeconds())) {
      RunSchedule s = r.schedule();
      double e = s.expectedSeconds();
      b.append(String.format(Locale.ROOT, "  expected time lost %s (checkpoint stalls %s, lost work %s, restarts %s);"
              + " effective training time %s%n", share(r.lostShare()), share(s.checkpointStallSeconds() / e),
          share(s.lostWorkSeconds() / e), share(s.restartTotalSeconds() / e),
          NetworkReport.percent1(r.effectiveTrainingTimeRatio())));
      TrainingRun run = g.run();
      b.append(String.format(Locale.ROOT, "  run of %s tokens: expected %s with %.0f interruptions (%s without)%s%n",
          Units.count(run.tokens()), TrainingReport.duration(e), s.expectedInterruptions(),
          TrainingReport.duration(run.timeToTrainSeconds()), run.usdPerGpuHour() > 0
              ? ", " + Units.usd(g.expectedCostUsd()) : ""));
      RunSimulation.Outcome o = r.simulated();
      if (o != null) {
        b.append(String.format(Locale.ROOT, "  %d simulated runs (seed %d): p50 %s, p90 %s, p99 %s%n", o.runs(),
            o.seed(), TrainingReport.duration(o.p50Seconds()), TrainingReport.duration(o.p90Seconds()),
            TrainingReport.duration(o.p99Seconds())));
      }
    } else {
      b.append(String.format(Locale.ROOT, "  expected time lost %s; effective training time %s%s%n",
          share(r.lostShare()), NetworkReport.percent1(r.effectiveTrainingTimeRatio()), r.hasRun() ? ""
              : " (pass --tokens for the run's time, cost and percentiles)"));
    }
    b.append("  causes: ").append(f.causes().stream().limit(CAUSES_SHOWN)
        .map(c -> c.name() + " " + Units.percent(f.share(c))).collect(Collectors.joining(", ")))
        .append(", other ").append(Units.percent(f.causes().stream().skip(CAUSES_SHOWN).mapToDouble(f::share).sum()))
        .append('\n');
    for (String note : r.notes()) {
      b.append("note: ").append(note).append('\n');
    }
    return b.toString();
  }

  /** A share of time, with two decimals when it is small. */
  private static String share(double fraction) {
    return String.format(Locale.ROOT, fraction < 0.1 ? "%.2f %%" : "%.1f %%", 100 * fraction);
  }

  private static String required(double bytesPerSecond) {
    return Double.isFinite(bytesPerSecond) ? NetworkReport.rate(bytesPerSecond) : "no bandwidth (the host copy "
        + "alone exceeds the budget)";
  }

  /** Seconds below two minutes with a decimal or two, longer spans in minutes, hours or days. */
  static String time(double s) {
    if (s < 1) {
      return String.format(Locale.ROOT, "%.0f ms", s * 1000);
    }
    return s < 120 ? String.format(Locale.ROOT, "%.1f s", s) : TrainingReport.duration(s);
  }
}
