package org.llmplan.server.view;

import java.util.LinkedHashMap;
import java.util.Map;
import org.llmplan.estimate.Part;
import org.llmplan.network.NetworkEstimate;
import org.llmplan.reliability.GoodputEstimate;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TimeEstimate;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingRun;

/** JSON of `llmplan train` (docs/json.md): time, throughput, run totals, and the memory estimate. */
public final class TrainingView {
  /** How MFU, HFU and TFLOP/s are counted; printed with every figure. */
  public static final String FLOP_CONVENTION = "model FLOPs: 6 per weight per token for every matrix a token "
      + "passes through, LM head included, plus causal-halved attention scores; no recompute (HFU adds it); "
      + "peak = dense peak of the compute precision";

  private TrainingView() {}

  /** With the network, storage and reliability objects (docs/json.md). */
  public static Map<String, Object> of(TrainingJob job, TrainingRun run, MemoryEstimate memory,
      NetworkEstimate network, GoodputEstimate goodput) {
    Map<String, Object> v = of(job, run, memory);
    v.put("network", NetworkView.of(network));
    v.put("storage", GoodputView.storage(goodput.storage()));
    v.put("reliability", GoodputView.reliability(goodput));
    return v;
  }

  public static Map<String, Object> of(TrainingJob job, TrainingRun run, MemoryEstimate memory) {
    TimeEstimate t = run.time();
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("schemaVersion", TrainingMemoryView.SCHEMA_VERSION);
    v.put("model", job.model().name());
    v.put("gpu", job.gpu().name());
    v.put("gpus", job.gpus());
    v.put("framework", job.framework().name());
    v.put("layout", TrainingMemoryView.layout(job.parallelism()));
    v.put("seq", job.seq());
    v.put("globalBatch", job.globalBatch());
    v.put("stepSeconds", t.stepSeconds());
    v.put("tokensPerStep", t.tokensPerStep());
    v.put("tokensPerSecond", t.tokensPerSecond());
    v.put("tflopsPerGpu", t.modelFlopsPerSecondPerGpu() / 1e12);
    v.put("mfu", t.mfu());
    v.put("hfu", t.hfu());
    v.put("flopConvention", FLOP_CONVENTION);
    Map<String, Object> time = new LinkedHashMap<>();
    time.put("parts", t.partSeconds());
    time.put("breakdown", t.parts().stream().map(TrainingView::tree).toList());
    v.put("time", time);
    v.put("tokens", run.tokens());
    v.put("steps", run.steps());
    v.put("timeToTrainSeconds", run.timeToTrainSeconds());
    v.put("gpuHours", run.gpuHours());
    v.put("usdPerGpuHour", run.usdPerGpuHour());
    v.put("priceSource", run.priceSource());
    v.put("costUsd", run.costUsd());
    v.put("energyKwh", run.energyKwh());
    v.put("memory", TrainingMemoryView.of(job, memory));
    v.put("notes", t.notes());
    return v;
  }

  private static Map<String, Object> tree(Part part) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("name", part.name());
    node.put("seconds", part.value());
    node.put("basis", part.basis());
    return node;
  }
}
