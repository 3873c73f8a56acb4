package org.llmplan.emit.monitor;

import org.llmplan.emit.LaunchPlan;

/**
 * Names shared by the scrape config, the rules and the dashboard. Training frameworks have no standard
 * Prometheus metrics, so the bundle fixes two gauges that the trainer's rank 0 exports (for example with
 * prometheus_client on port 9464) and the rules and dashboard read.
 */
final class Metrics {
  static final String STEP_SECONDS = "llm_training_step_seconds";
  static final String TOKENS_PER_SECOND = "llm_training_tokens_per_second";
  static final String TRAINING_JOB = "training";
  static final int TRAINER_PORT = 9464;
  static final int DCGM_PORT = 9400;
  static final int NODE_PORT = 9100;

  private Metrics() {}

  /** The RDMA devices NCCL uses (NCCL_IB_HCA mlx5_0..mlx5_{n-1}), as a PromQL regular expression. */
  static String rdmaDevices(LaunchPlan plan) {
    int nics = Math.max(1, plan.job().scaleOut().nicsPerNode());
    return nics <= 10 ? "mlx5_[0-" + (nics - 1) + "]" : "mlx5_[0-9]+";
  }
}
