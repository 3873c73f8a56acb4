package org.llmplan.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.llmplan.request.InferenceRequest;

/**
 * A saved serving plan: the deployment of one replica with every choice written out, how many replicas serve
 * the traffic, the traffic and latency targets it was sized for (the emitter turns them into autoscaling
 * bounds and alert thresholds), and the rest of the question as it was asked (arrivals, run length, seed,
 * trace, the prefill:decode split and its KV link, the price), so that {@code serve --plan} asks it again. A
 * field left out is the default {@code llmplan serve} takes.
 *
 * @param deployment one replica: model, GPU, TP/PP, precisions, engine and its limits
 * @param replicas replicas that serve the target rate (for a disaggregated plan: prefill:decode units)
 * @param ratePerSecond the target request rate, all replicas together
 * @param input prompt-length distribution as the user gave it (e.g. "lognormal:2000,0.6")
 * @param output answer-length distribution as the user gave it
 * @param ttftP99Seconds time-to-first-token target at the 99th percentile; null for none
 * @param tpotP99Seconds time-per-output-token target at the 99th percentile; null for none
 * @param arrivals the arrival process as given (poisson, constant, gamma:cv=N)
 * @param duration the simulated time as given ("1h")
 * @param seed the traffic's random seed
 * @param trace the trace file replayed instead of generated traffic
 * @param disaggregated prefill:decode instances of a unit ("1:2"), each a replica of the deployment; null when
 *     aggregated
 * @param kvLinkGbps bandwidth per GPU between the prefill and decode instances, Gbit/s, as given
 * @param usdPerGpuHour the price per GPU-hour as given
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServingPlan(
    InferenceRequest deployment,
    Integer replicas,
    Double ratePerSecond,
    String input,
    String output,
    Double ttftP99Seconds,
    Double tpotP99Seconds,
    String arrivals,
    String duration,
    Long seed,
    String trace,
    String disaggregated,
    Double kvLinkGbps,
    Double usdPerGpuHour) {

  /** Aggregated replicas under generated traffic, every other choice the default. */
  public ServingPlan(InferenceRequest deployment, Integer replicas, Double ratePerSecond, String input, String output,
      Double ttftP99Seconds, Double tpotP99Seconds) {
    this(deployment, replicas, ratePerSecond, input, output, ttftP99Seconds, tpotP99Seconds, null, null, null, null,
        null, null, null);
  }
}
