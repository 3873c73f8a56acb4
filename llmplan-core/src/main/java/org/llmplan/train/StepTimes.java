package org.llmplan.train;

/**
 * Seconds of each part of one optimizer step (see {@link TimeEstimate} for what each part means).
 *
 * @param slotSeconds one micro-batch on the slowest stage, communication on its critical path included
 * @param bubbleSlots pipeline bubble in slots: (p - 1) / v
 * @param offload state moved between the GPU and host memory or NVMe that compute does not hide
 */
public record StepTimes(
    int microBatches,
    double forward,
    double backward,
    double recompute,
    double bubble,
    double tp,
    double cp,
    double ep,
    double pp,
    double dp,
    double optimizer,
    double offload,
    double slotSeconds,
    double bubbleSlots) {

  public double total() {
    return forward + backward + recompute + bubble + tp + cp + ep + pp + dp + optimizer + offload;
  }
}
