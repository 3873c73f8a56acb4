package org.llmplan.network;

/**
 * How loaded one link class is over a step.
 *
 * @param name the link as the catalog names it (NVLink4, ib-ndr, ...)
 * @param perNic true for the network, whose figures are per NIC; false for scale-up, per GPU
 * @param bytesPerStep bytes sent per step (per GPU, or per NIC)
 * @param bytesPerSecond bandwidth NCCL reaches on it, one direction (per GPU, or per NIC)
 * @param busySeconds seconds per step it carries traffic
 */
public record LinkLoad(String name, boolean perNic, double bytesPerStep, double bytesPerSecond, double busySeconds,
    double stepSeconds) {

  /** Share of the step the link is busy; above 1 the traffic cannot all fit in the step. */
  public double utilisation() {
    return busySeconds / stepSeconds;
  }
}
