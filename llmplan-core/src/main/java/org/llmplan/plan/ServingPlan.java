package org.llmplan.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.llmplan.request.InferenceRequest;

/**
 * A saved serving plan: the deployment of one replica with every choice written out, how many replicas serve
 * the traffic, and the traffic and latency targets it was sized for (the emitter turns them into autoscaling
 * bounds and alert thresholds).
 *
 * @param deployment one replica: model, GPU, TP/PP, precisions, engine and its limits
 * @param replicas replicas that serve the target rate
 * @param ratePerSecond the target request rate, all replicas together
 * @param input prompt-length distribution as the user gave it (e.g. "lognormal:2000,0.6")
 * @param output answer-length distribution as the user gave it
 * @param ttftP99Seconds time-to-first-token target at the 99th percentile; null for none
 * @param tpotP99Seconds time-per-output-token target at the 99th percentile; null for none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServingPlan(
    InferenceRequest deployment,
    Integer replicas,
    Double ratePerSecond,
    String input,
    String output,
    Double ttftP99Seconds,
    Double tpotP99Seconds) {}
