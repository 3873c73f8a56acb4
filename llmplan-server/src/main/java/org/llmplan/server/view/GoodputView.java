package org.llmplan.server.view;

import java.util.LinkedHashMap;
import java.util.Map;
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

/** JSON of the `storage` and `reliability` objects of `train --json` (docs/json.md). */
public final class GoodputView {
  private GoodputView() {}

  public static Map<String, Object> storage(StorageEstimate s) {
    CheckpointTimes t = s.checkpoint();
    CheckpointSize size = t.size();
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("system", s.system().name());
    v.put("kind", s.system().kind());
    v.put("durable", s.system().durable());
    v.put("mode", s.mode().label());
    v.put("writeBytesPerSecond", t.writeBytesPerSecond());
    v.put("readBytesPerSecond", t.readBytesPerSecond());
    v.put("writeBound", t.writeBound());
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("totalBytes", size.totalBytes());
    c.put("weightsBytes", size.weightsBytes());
    c.put("masterWeightsBytes", size.masterBytes());
    c.put("optimizerStatesBytes", size.optimizerBytes());
    c.put("writeBytesPerGpu", size.writeBytesPerGpu());
    c.put("heldBytesPerGpu", size.heldBytesPerGpu());
    c.put("hostCopySeconds", t.hostCopySeconds());
    c.put("blockingSeconds", t.blockingSeconds());
    c.put("asyncStallSeconds", t.stallSeconds(CheckpointMode.ASYNC));
    c.put("persistSeconds", t.persistSeconds());
    c.put("restoreSeconds", t.restoreSeconds());
    v.put("checkpoint", c);
    v.put("intervalSeconds", s.intervalSeconds());
    v.put("stallBudget", s.stallBudget());
    Map<String, Object> required = new LinkedHashMap<>();
    for (CheckpointMode mode : CheckpointMode.values()) {
      required.put(mode.label(), NetworkView.finite(s.requiredWriteBytesPerSecond(mode)));
    }
    v.put("requiredWriteBytesPerSecond", required);
    DataLoading d = s.data();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("tokensPerSecond", d.tokensPerSecond());
    data.put("bytesPerToken", d.bytesPerToken());
    data.put("bytesPerSample", d.bytesPerSample());
    data.put("bytesPerSecond", d.bytesPerSecond());
    data.put("shareOfRead", s.dataShareOfRead());
    v.put("data", data);
    return v;
  }

  public static Map<String, Object> reliability(GoodputEstimate g) {
    ReliabilityEstimate r = g.reliability();
    FailureModel f = r.failures();
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("interruptionsPerGpuDay", f.interruptionsPerGpuDay());
    v.put("failureSource", f.source());
    v.put("causes", f.causes().stream().map(c -> {
      Map<String, Object> cause = new LinkedHashMap<>();
      cause.put("name", c.name());
      cause.put("share", f.share(c));
      return cause;
    }).toList());
    v.put("mtbfSeconds", r.mtbfSeconds());
    v.put("interruptionsPerDay", r.interruptionsPerDay());
    v.put("restartSeconds", r.restartOverheadSeconds());
    v.put("restoreSeconds", r.restoreSeconds());
    v.put("stallSeconds", r.stallSeconds());
    v.put("persistLagSeconds", r.persistLagSeconds());
    v.put("youngSeconds", r.youngSeconds());
    v.put("dalySeconds", r.dalySeconds());
    v.put("intervalSeconds", r.intervalSeconds());
    v.put("intervalChoice", r.intervalChoice());
    v.put("effectiveTrainingTimeRatio", r.effectiveTrainingTimeRatio());
    v.put("lostShare", r.lostShare());
    if (r.hasRun()) {
      RunSchedule s = r.schedule();
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("timeToTrainSeconds", NetworkView.finite(g.expectedTimeToTrainSeconds()));
      e.put("interruptions", NetworkView.finite(s.expectedInterruptions()));
      e.put("checkpointStallSeconds", s.checkpointStallSeconds());
      e.put("lostWorkSeconds", NetworkView.finite(s.lostWorkSeconds()));
      e.put("restartSeconds", NetworkView.finite(s.restartTotalSeconds()));
      e.put("gpuHours", NetworkView.finite(g.expectedGpuHours()));
      e.put("costUsd", NetworkView.finite(g.expectedCostUsd()));
      v.put("expected", e);
    }
    RunSimulation.Outcome o = r.simulated();
    if (o != null) {
      Map<String, Object> sim = new LinkedHashMap<>();
      sim.put("runs", o.runs());
      sim.put("seed", o.seed());
      sim.put("meanSeconds", o.meanSeconds());
      sim.put("stdSeconds", o.stdSeconds());
      sim.put("p50Seconds", o.p50Seconds());
      sim.put("p90Seconds", o.p90Seconds());
      sim.put("p99Seconds", o.p99Seconds());
      sim.put("meanInterruptions", o.meanInterruptions());
      v.put("simulated", sim);
    }
    v.put("notes", r.notes());
    return v;
  }
}
