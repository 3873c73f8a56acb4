package org.llmplan.validate;

import java.util.List;
import org.llmplan.request.InferenceRequest;

/**
 * A published serving row stated as a planner question: the deployment request (lengths included), how many
 * replicas the GPU group holds, how many requests are in flight at most, and the measurements to match.
 *
 * @param clients requests in flight at most: a closed-loop concurrency, or the largest int when all are queued
 * @param measurements each quantity the row reports that can be compared
 * @param skippedMetrics quantities the row reports that cannot be compared, with the reason
 * @param assumptions each default or substitution the mapping made for something the row leaves open
 */
public record InferenceCase(
    String id,
    InferenceRequest request,
    int replicas,
    int clients,
    List<Measurement> measurements,
    List<SkippedRow> skippedMetrics,
    List<String> assumptions) implements MappedInferenceRow {

  public InferenceCase {
    measurements = List.copyOf(measurements);
    skippedMetrics = List.copyOf(skippedMetrics);
    assumptions = List.copyOf(assumptions);
  }

  /** One reported quantity. */
  public record Measurement(InferenceMetric metric, double value) {}
}
