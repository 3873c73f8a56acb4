package org.llmplan.view;

import java.util.List;
import java.util.Map;
import org.llmplan.estimate.Part;
import org.llmplan.network.NetworkEstimate;
import org.llmplan.reliability.GoodputEstimate;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TimeEstimate;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingRun;
import org.llmplan.trust.Band;
import org.llmplan.trust.Trust;

/**
 * JSON of `llmplan train` (docs/json.md): time, throughput, run totals, the memory estimate, and with a
 * goodput estimate the network, storage and reliability objects.
 *
 * @param tflopsPerGpu model FLOP/s per GPU in TFLOP/s (see {@link #FLOP_CONVENTION})
 * @param notes the time estimate's assumptions
 * @param band how far to trust the time, throughput and cost figures ({@link BandView})
 */
public record TrainingView(
    int schemaVersion,
    String model,
    String gpu,
    int gpus,
    String framework,
    LayoutView layout,
    int seq,
    int globalBatch,
    double stepSeconds,
    double tokensPerStep,
    double tokensPerSecond,
    double tflopsPerGpu,
    double mfu,
    double hfu,
    String flopConvention,
    Time time,
    double tokens,
    double steps,
    double timeToTrainSeconds,
    double gpuHours,
    double usdPerGpuHour,
    String priceSource,
    double costUsd,
    double energyKwh,
    TrainingMemoryView memory,
    List<String> notes,
    NetworkView.Traffic network,
    StorageView storage,
    ReliabilityView reliability,
    BandView band) {

  /** How MFU, HFU and TFLOP/s are counted; printed with every figure. */
  public static final String FLOP_CONVENTION = "model FLOPs: 6 per weight per token for every matrix a token "
      + "passes through, LM head included, plus causal-halved attention scores; no recompute (HFU adds it); "
      + "peak = dense peak of the compute precision";

  /** The step time: seconds by part name in breakdown order, and the parts with their formulas. */
  public record Time(@Ordered Map<String, Double> parts, List<TimePart> breakdown) {
    static Time of(TimeEstimate t) {
      return new Time(t.partSeconds(), t.parts().stream().map(TimePart::of).toList());
    }
  }

  /** One part of the step time, {@code {name, seconds, basis}}. */
  public record TimePart(String name, double seconds, String basis) {
    static TimePart of(Part part) {
      return new TimePart(part.name(), part.value(), part.basis());
    }
  }

  public static TrainingView of(TrainingJob job, TrainingRun run, MemoryEstimate memory, NetworkEstimate network,
      GoodputEstimate goodput) {
    TimeEstimate t = run.time();
    return new TrainingView(TrainingMemoryView.SCHEMA_VERSION, job.model().name(), job.gpu().name(), job.gpus(),
        job.framework().name(), LayoutView.of(job.parallelism()), job.seq(), job.globalBatch(), t.stepSeconds(),
        t.tokensPerStep(), t.tokensPerSecond(), t.modelFlopsPerSecondPerGpu() / 1e12, t.mfu(), t.hfu(),
        FLOP_CONVENTION, Time.of(t), run.tokens(), run.steps(), run.timeToTrainSeconds(), run.gpuHours(),
        run.usdPerGpuHour(), run.priceSource(), run.costUsd(), run.energyKwh(), TrainingMemoryView.of(job, memory),
        t.notes(), NetworkView.Traffic.of(network), StorageView.of(goodput.storage()),
        ReliabilityView.of(goodput), band(Trust.training(job), t, run));
  }

  /** The band of the step time on every figure that follows from it. */
  static BandView band(Band b, TimeEstimate t, TrainingRun run) {
    return BandView.of(b).duration("stepSeconds", t.stepSeconds()).rate("tokensPerSecond", t.tokensPerSecond())
        .rate("tflopsPerGpu", t.modelFlopsPerSecondPerGpu() / 1e12).rate("mfu", t.mfu())
        .duration("timeToTrainSeconds", run.timeToTrainSeconds()).duration("gpuHours", run.gpuHours())
        .duration("costUsd", run.costUsd()).duration("energyKwh", run.energyKwh()).build();
  }
}
