package org.llmplan.serve;

import org.llmplan.infer.InferenceEstimate;
import org.llmplan.request.InferenceRequest;
import org.llmplan.plan.ServingPlan;
import org.llmplan.serving.Capacity;
import org.llmplan.serving.Deployment;
import org.llmplan.serving.ServingCost;
import org.llmplan.serving.ServingMetrics;
import org.llmplan.serving.Slo;

/**
 * What `serve` answers: the memory verdict, and when the model fits, the simulation of the traffic and, with
 * latency targets, whether they are met, the rate one replica sustains and what the traffic costs.
 *
 * @param explicit the deployment with every choice written out (defaults resolved), as a plan saves it
 * @param estimate memory per GPU and the unloaded latency of one mean request
 * @param deployment what the simulator served with, or null when the model does not fit
 * @param workload the traffic in words
 * @param metrics the simulation, or null when the model does not fit
 * @param slo the targets, or null for none
 * @param sloMiss the first target the simulated traffic misses, or null when all are met (or none was given)
 * @param capacity the highest rate one replica sustains under the targets, or null without targets
 * @param cost replicas, GPUs and cost for the requested rate, or null when there is no sustained capacity
 * @param usdPerGpuHour the price used, 0 when none is known
 * @param priceSource where the price came from
 */
public record ServeResult(
    ServeRequest request,
    InferenceRequest explicit,
    InferenceEstimate estimate,
    Deployment deployment,
    String workload,
    double ratePerSecond,
    double warmupSeconds,
    ServingMetrics metrics,
    Slo slo,
    String sloMiss,
    Capacity capacity,
    ServingCost cost,
    double usdPerGpuHour,
    String priceSource) {

  public boolean fits() {
    return metrics != null;
  }

  /** The plan to save: this deployment, the replicas the rate needs (1 without a capacity), the targets. */
  public ServingPlan plan() {
    return plan(explicit, cost != null ? cost.replicas() : 1, ratePerSecond, request, slo);
  }

  static ServingPlan plan(InferenceRequest deployment, int replicas, double ratePerSecond, ServeRequest request,
      Slo slo) {
    return new ServingPlan(deployment, replicas, ratePerSecond, request.input(), request.output(),
        slo != null ? finite(slo.ttftP99Seconds()) : null, slo != null ? finite(slo.tpotP99Seconds()) : null,
        request.arrivals(), request.duration(), request.seed(), request.trace(), request.disaggregated(),
        request.kvLinkGbps(), request.price());
  }

  private static Double finite(double seconds) {
    return Double.isInfinite(seconds) ? null : seconds;
  }
}
