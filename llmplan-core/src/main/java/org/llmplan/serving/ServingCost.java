package org.llmplan.serving;

import org.llmplan.error.InvalidValueException;

/**
 * What a target rate needs and costs, given the rate one deployment (a replica, or one prefill/decode unit)
 * sustains: replicas = ceil(target / capacity), each loaded to target / replicas.
 *
 * <p>Cost per million tokens at the target rate: the hourly price of all GPUs over the tokens served in an
 * hour. Split between input and output tokens by the share of busy GPU time spent on prompt work
 * ({@link ServingMetrics#inputWorkFraction}), idle time shared in the same proportion, so that input tokens x
 * their price + output tokens x theirs = the bill.
 *
 * @param usdPerHour all replicas' GPUs at the given price
 * @param usdPerMillionTokens input and output tokens counted alike
 */
public record ServingCost(double targetRatePerSecond, int replicas, int gpus, double usdPerHour,
    double usdPerMillionInputTokens, double usdPerMillionOutputTokens, double usdPerMillionTokens) {

  /**
   * @param capacity the search's answer for one deployment
   * @param gpusPerReplica GPUs of one deployment
   * @param targetRatePerSecond the traffic to serve
   * @param usdPerGpuHour the price of one GPU-hour (0 when unknown: every cost is then 0)
   */
  public static ServingCost of(Capacity.Sustained capacity, int gpusPerReplica, double targetRatePerSecond,
      double usdPerGpuHour) {
    RequestRates.require(targetRatePerSecond);
    InvalidValueException.requirePositive("GPUs per replica", gpusPerReplica);
    InvalidValueException.requireInRange("the price per GPU-hour", usdPerGpuHour, 0, 1e4);
    double replicasNeeded = Math.ceil(targetRatePerSecond / capacity.maxRatePerSecond() - 1e-9);
    if (replicasNeeded > 1e6) {
      throw new InvalidValueException("the target rate needs " + replicasNeeded + " replicas: check the rate");
    }
    int replicas = (int) Math.max(1, replicasNeeded);
    ServingMetrics m = capacity.atMaxRate();
    double usdPerHour = replicas * gpusPerReplica * usdPerGpuHour;
    double inputPerHour = targetRatePerSecond * 3600 * m.inputTokens() / m.requests();
    double outputPerHour = targetRatePerSecond * 3600 * m.outputTokens() / m.requests();
    double share = m.inputWorkFraction();
    return new ServingCost(targetRatePerSecond, replicas, replicas * gpusPerReplica, usdPerHour,
        usdPerHour * share / inputPerHour * 1e6, usdPerHour * (1 - share) / outputPerHour * 1e6,
        usdPerHour / (inputPerHour + outputPerHour) * 1e6);
  }
}
