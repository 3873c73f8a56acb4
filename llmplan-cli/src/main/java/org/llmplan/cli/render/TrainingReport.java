package org.llmplan.cli.render;

import java.util.Locale;
import org.llmplan.hardware.Price;
import org.llmplan.trust.Band;
import org.llmplan.trust.Trust;
import org.llmplan.estimate.Durations;
import org.llmplan.estimate.Part;
import org.llmplan.view.TrainingView;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TimeEstimate;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingRun;

/** Renders `llmplan train`: the step-time breakdown, rates, run totals and the memory verdict. */
public final class TrainingReport {
  private TrainingReport() {}

  public static String text(TrainingJob job, TrainingRun run, MemoryEstimate memory) {
    TimeEstimate t = run.time();
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "Training: %s on %d x %s, %s%n", job.model().name(), job.gpus(),
        job.gpu().name(), job.framework().name()));
    b.append(String.format(Locale.ROOT, "Layout: %s; seq %d; global batch %d (%s tokens, %d micro-batch%s per "
            + "pipeline); %s%n", job.parallelism().label(), job.seq(), job.globalBatch(),
        Units.count(t.tokensPerStep()), job.microBatches(), job.microBatches() == 1 ? "" : "es",
        job.precisionLabel()));
    if (job.lora() != null) {
      b.append("Fine-tune: ").append(job.lora().label()).append('\n');
    }
    b.append('\n');
    Table table = new Table("step part", "seconds", "share", "how");
    for (Part p : t.parts()) {
      if (p.value() > 0) {
        table.row(Units.words(p.name()), seconds(p.value()), Units.percent(p.value() / t.stepSeconds()), p.basis());
      }
    }
    table.row("step", seconds(t.stepSeconds()), "100 %", "");
    b.append(table.render()).append('\n');
    b.append(String.format(Locale.ROOT, "Throughput: %s tokens/s (%s per GPU), %.0f TFLOP/s per GPU, MFU %.1f %%, "
            + "HFU %.1f %%%n", Units.count(t.tokensPerSecond()), Units.count(t.tokensPerSecond() / job.gpus()),
        t.modelFlopsPerSecondPerGpu() / 1e12, 100 * t.mfu(), 100 * t.hfu()));
    b.append("FLOP convention: ").append(TrainingView.FLOP_CONVENTION).append('\n');
    if (run.tokens() > 0) {
      b.append(String.format(Locale.ROOT, "Run of %s tokens: %s wall time (%,.0f steps), %s GPU-hours, %s, %s kWh "
              + "at TDP%n", Units.count(run.tokens()), duration(run.timeToTrainSeconds()), run.steps(),
          Units.count(run.gpuHours()), run.usdPerGpuHour() > 0
              ? String.format(Locale.ROOT, "%s at $%.2f/GPU-h%s", Units.usd(run.costUsd()), run.usdPerGpuHour(),
                  priceDate(job.gpu().price(), run.usdPerGpuHour()))
              : "no price for " + job.gpu().name() + " in the catalog (pass --price)",
          Units.count(run.energyKwh())));
    }
    band(b, Trust.training(job), t, run);
    b.append(String.format(Locale.ROOT, "Memory: %s of %s per GPU (%s stage): %s%n",
        Units.gibWithUnit(memory.totalBytes()), Units.gibWithUnit(memory.capacityBytes()), memory.stage(),
        memory.fits() ? "fits" : "does NOT fit; see 'llmplan memory train' for the levers"));
    for (String note : t.notes()) {
      b.append("note: ").append(note).append('\n');
    }
    return b.toString();
  }

  /** " (catalog price of DATE)" when the run uses the catalog's dated price: prices age fast. */
  static String priceDate(Price price, double usdPerGpuHour) {
    return price != null && price.usdPerHour() == usdPerGpuHour && !"--price".equals(price.source())
        ? " (catalog price of " + price.date() + ")" : "";
  }

  /** Where the measured step, throughput and run should lie: 80 % of the published errors near this job. */
  private static void band(StringBuilder b, Band band, TimeEstimate t, TrainingRun run) {
    b.append(String.format(Locale.ROOT, "Band (%s on time): step %s, %s tokens/s, MFU %s", band.durationPct(),
        BandText.duration(band, t.stepSeconds(), "%.3g", " s"), BandText.rate(band, t.tokensPerSecond(), "%,.0f", ""),
        BandText.rate(band, 100 * t.mfu(), "%.1f", " %")));
    if (run.tokens() > 0) {
      double[] days = band.duration(run.timeToTrainSeconds() / 86_400);
      b.append(String.format(Locale.ROOT, "; run %.1f-%.1f days", days[0], days[1]));
      if (run.usdPerGpuHour() > 0) {
        double[] usd = band.duration(run.costUsd());
        b.append(", ").append(Units.usd(usd[0])).append('-').append(Units.usd(usd[1]));
      }
    }
    b.append('\n').append(BandText.trust(band));
  }

  static String seconds(double s) {
    return s >= 1 ? String.format(Locale.ROOT, "%.3f", s) : String.format(Locale.ROOT, "%.4f", s);
  }

  /** Seconds as the unit a person would choose: minutes, hours or days. */
  static String duration(double s) {
    return Durations.describe(s);
  }

}
