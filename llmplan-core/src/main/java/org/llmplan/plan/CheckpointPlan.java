package org.llmplan.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.llmplan.catalog.Catalog;
import org.llmplan.estimate.Quantities;
import org.llmplan.reliability.FailureModel;
import org.llmplan.reliability.GoodputRequest;
import org.llmplan.reliability.ReliabilityModel;
import org.llmplan.storage.CheckpointMode;

/**
 * How a run checkpoints and what it expects to fail, as the user stated it (the text of each option), so a
 * saved plan recomputes the same checkpoint interval. Null fields take the defaults of {@link #DEFAULTS}.
 *
 * @param storage catalog storage for checkpoints and data
 * @param mode "async" or "blocking"
 * @param every "auto" (Daly's optimum) or compute time between checkpoints ("30min")
 * @param stallBudget share of the time checkpoint stalls may take
 * @param failureRate interruptions per GPU-day; null for Llama 3's
 * @param restartTime time from a failure until training runs again ("10min"); null for the default
 * @param bytesPerSample bytes of one sample of image or multimodal data ("150KB"); null for tokenised text
 * @param simulations Monte Carlo runs of the whole run (0 = none)
 * @param seed seed of those runs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckpointPlan(String storage, String mode, String every, Double stallBudget, Double failureRate,
    String restartTime, String bytesPerSample, Integer simulations, Long seed) {

  /** A parallel file system, async checkpoints at Daly's optimum, Llama 3's failure rate. */
  public static final CheckpointPlan DEFAULTS = new CheckpointPlan("lustre", "async", "auto",
      GoodputRequest.DEFAULT_STALL_BUDGET, null, null, null, GoodputRequest.DEFAULT_SIMULATIONS, 1L);

  /** The goodput question these choices ask, names resolved against the catalog. */
  public GoodputRequest request(Catalog catalog) {
    String interval = every == null ? DEFAULTS.every : every;
    Double seconds = "auto".equalsIgnoreCase(interval.trim()) ? null
        : Quantities.parseSeconds("--checkpoint-every", interval);
    double restart = restartTime == null ? ReliabilityModel.DEFAULT_RESTART_SECONDS
        : Quantities.parseSeconds("--restart-time", restartTime);
    return new GoodputRequest(catalog.storage(storage == null ? DEFAULTS.storage : storage),
        CheckpointMode.parse(mode == null ? DEFAULTS.mode : mode), seconds,
        stallBudget == null ? DEFAULTS.stallBudget : stallBudget,
        failureRate == null ? FailureModel.llama3() : FailureModel.of(failureRate), restart,
        bytesPerSample == null ? 0 : Quantities.parseBytes("--bytes-per-sample", bytesPerSample),
        simulations == null ? DEFAULTS.simulations : simulations, seed == null ? DEFAULTS.seed : seed);
  }
}
