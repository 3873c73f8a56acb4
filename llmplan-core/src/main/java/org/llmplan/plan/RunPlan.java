package org.llmplan.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.llmplan.network.NetworkChange;

/**
 * What a saved training plan holds besides the job: the token budget, the price, the scale-out network it runs
 * on when that is not the node's, the checkpoint and failure choices, and the learning-rate schedule. With the
 * job they are all {@code llmplan train} needs to compute the same figures again, and all the launch files need
 * to run that plan (steps, checkpoint interval, fabric and NICs).
 *
 * @param tokens token budget; null when none was given
 * @param usdPerGpuHour price per GPU-hour; null for the catalog's
 * @param fabric catalog fabric replacing the node's; null keeps it
 * @param nicsPerNode scale-out NICs per node; null keeps the node's
 * @param oversubscription fat-tree oversubscription ratio; null for non-blocking
 * @param checkpoints storage, checkpoint interval and failure model
 * @param learningRate the learning-rate schedule
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunPlan(Double tokens, Double usdPerGpuHour, String fabric, Integer nicsPerNode, Double oversubscription,
    CheckpointPlan checkpoints, LearningRate learningRate) {

  /** What a version-1 plan (which held only the job) means: no budget, the node's network, every default. */
  public static final RunPlan DEFAULTS = new RunPlan(null, null, null, null, null, CheckpointPlan.DEFAULTS,
      LearningRate.DEFAULTS);

  public RunPlan {
    checkpoints = checkpoints == null ? CheckpointPlan.DEFAULTS : checkpoints;
    learningRate = learningRate == null ? LearningRate.DEFAULTS : learningRate;
  }

  /** The network the job runs on, as a change to its node's. */
  public NetworkChange network() {
    return new NetworkChange(fabric, nicsPerNode, oversubscription);
  }

  /** The token budget, 0 when none was given. */
  public double tokenBudget() {
    return tokens == null ? 0 : tokens;
  }
}
