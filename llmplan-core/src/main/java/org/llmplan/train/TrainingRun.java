package org.llmplan.train;

import org.llmplan.hardware.Price;

/**
 * A whole training run at the estimated step time: wall time for a token budget, GPU-hours, money and
 * energy. Energy counts each accelerator at its board power (TDP) for the whole run, an upper bound that
 * leaves out CPUs, networking and cooling.
 *
 * @param tokens the token budget (0 when none was given: then only per-step figures are meaningful)
 * @param usdPerGpuHour the price used, 0 when none is known
 * @param priceSource where the price came from ("--price", or the catalog's dated source)
 */
public record TrainingRun(TimeEstimate time, double tokens, double usdPerGpuHour, String priceSource,
    double tdpWatts) {

  public static TrainingRun of(TrainingJob job, TimeEstimate time, double tokens, Double price) {
    Price catalog = job.gpu().price();
    double usd = price != null ? price : catalog != null ? catalog.usdPerHour() : 0;
    String source = price != null ? "--price" : catalog != null ? catalog.source() + " (" + catalog.date() + ")"
        : "no price known: pass --price";
    return new TrainingRun(time, tokens, usd, source, job.gpu().tdpWatts());
  }

  public double timeToTrainSeconds() {
    return tokens / time.tokensPerSecond();
  }

  public double steps() {
    return Math.ceil(tokens / time.tokensPerStep());
  }

  public double gpuHours() {
    return time.gpus() * timeToTrainSeconds() / 3600;
  }

  public double costUsd() {
    return gpuHours() * usdPerGpuHour;
  }

  public double energyKwh() {
    return gpuHours() * tdpWatts / 1000;
  }
}
