package org.llmplan.calibrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.llmplan.catalog.Catalog;
import org.llmplan.infer.InferenceEstimate;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Sharding;
import org.llmplan.profile.FrameworkProfile;
import org.llmplan.request.FrameworkOptions;
import org.llmplan.request.HardwareChoice;
import org.llmplan.request.InferenceRequest;
import org.llmplan.request.LayoutChoice;
import org.llmplan.request.TrainingRequest;
import org.llmplan.train.TrainingTimeEstimator;

/**
 * How far a calibration moves reference plans on the GPU: a training step of Llama-3.1-8B data-parallel over
 * one node of 8, the same step under ZeRO-2 with the optimizer offloaded to the CPU (the host link paces it) by
 * the first catalog framework that offloads it, and
 * serving it on one GPU (1024 tokens in, 128 out): first token and time per token. Each is planned against the
 * catalog without the overlay and with it.
 */
public final class ReferencePlans {
  /** A dense model every catalog GPU of 24 GiB or more serves in BF16, and the shapes most runs use. */
  static final String MODEL = "llama-3.1-8b";
  static final int GPUS = 8;

  /** One figure of a reference plan, in seconds, before and after the calibration. */
  public record Shift(String what, double beforeSeconds, double afterSeconds) {
    public double change() {
      return afterSeconds / beforeSeconds - 1;
    }
  }

  private ReferencePlans() {}

  /**
   * @param before the catalog as it is, with {@code beforeGpu}
   * @param after the catalog with the overlay, which holds {@code afterGpu}
   */
  public static List<Shift> of(Catalog before, String beforeGpu, Catalog after, String afterGpu) {
    List<Shift> shifts = new ArrayList<>();
    shifts.add(new Shift("training step, " + MODEL + " DP" + GPUS + ", seq " + TrainingRequest.DEFAULT_SEQ,
        stepSeconds(before, beforeGpu, null), stepSeconds(after, afterGpu, null)));
    Optional<FrameworkProfile> offloading = before.frameworks().stream()
        .filter(f -> f.canOffload("optimizer", OffloadTarget.CPU) && f.shardings().contains(Sharding.ZERO2)).findFirst();
    if (offloading.isPresent() && before.gpu(beforeGpu).hostLinkGBps() > 0 && after.gpu(afterGpu).hostLinkGBps() > 0) {
      String f = offloading.get().name();
      shifts.add(new Shift("training step, " + MODEL + " DP" + GPUS + " " + f + " ZeRO-2, optimizer offloaded to the CPU",
          stepSeconds(before, beforeGpu, f), stepSeconds(after, afterGpu, f)));
    }
    InferenceEstimate b = serving(before, beforeGpu);
    InferenceEstimate a = serving(after, afterGpu);
    if (b.ttftSeconds() != null && a.ttftSeconds() != null) {
      String where = MODEL + " on 1 GPU, " + b.lengths().input() + " in / " + b.lengths().output() + " out";
      shifts.add(new Shift("serving TTFT, " + where, b.ttftSeconds(), a.ttftSeconds()));
      shifts.add(new Shift("serving TPOT, " + where, b.tpotSeconds(), a.tpotSeconds()));
    }
    return shifts;
  }

  /** @param offloadingFramework null for the catalog's default framework, else that framework with ZeRO-Offload */
  private static double stepSeconds(Catalog catalog, String gpu, String offloadingFramework) {
    TrainingRequest request = TrainingRequest.of(MODEL)
        .with(HardwareChoice.builder().gpu(gpu).gpus(GPUS).gpusPerNode(GPUS).build());
    if (offloadingFramework != null) {
      request = request.with(FrameworkOptions.builder().framework(offloadingFramework).build())
          .with(LayoutChoice.builder().sharding(Sharding.ZERO2.label()).offloadOptimizer(OffloadTarget.CPU.label()).build());
    }
    return new TrainingTimeEstimator().estimate(request.toJob(catalog)).stepSeconds();
  }

  private static InferenceEstimate serving(Catalog catalog, String gpu) {
    InferenceRequest request = InferenceRequest.of(MODEL, gpu);
    return InferenceEstimate.of(request.toDeployment(catalog), request.lengths());
  }
}
