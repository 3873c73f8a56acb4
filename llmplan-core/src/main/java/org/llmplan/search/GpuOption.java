package org.llmplan.search;

import java.util.List;
import org.llmplan.parallel.Parallelism;
import org.llmplan.request.LayoutChoice;
import org.llmplan.train.TrainingJob;
import org.llmplan.request.TrainingRequest;

/**
 * One accelerator a search may use: the job on it with everything but the layout resolved, the GPU counts
 * to try, and its price.
 *
 * @param request the user's job with every field that is not part of the layout written out; a plan fills
 *     in the layout (see {@link #planRequest})
 * @param base the job of {@code request} on one GPU, whose model, GPU, framework, sequence and batch every
 *     layout shares
 * @param counts GPU counts to try, ascending
 * @param price the user's price per GPU-hour, or null for the catalog's
 * @param usdPerGpuHour the price in effect, 0 when none is known
 */
public record GpuOption(TrainingRequest request, TrainingJob base, List<Integer> counts, Double price,
    double usdPerGpuHour) {

  public GpuOption {
    counts = List.copyOf(counts);
  }

  public String gpu() {
    return base.gpu().name();
  }

  /** The request that rebuilds the job of {@code layout} exactly: every field written out, none defaulted. */
  public TrainingRequest planRequest(Parallelism layout) {
    return request.with(request.hardware().toBuilder().gpus(layout.gpus()).build()).with(LayoutChoice.of(layout));
  }
}
