package org.llmplan.comm;

/**
 * One level of the interconnect as a collective sees it.
 *
 * @param busBytesPerSecond bandwidth one GPU reaches on it, one direction, as NCCL's bus bandwidth
 * @param baseSeconds fixed cost of launching one collective
 * @param hopSeconds latency of one ring step across this link
 */
public record Link(String name, double busBytesPerSecond, double baseSeconds, double hopSeconds) {

  /**
   * NCCL's tuning model (src/graph/tuning.cc): base latency of the Simple protocol 8.4 us per collective;
   * per-hop latency about 0.6 us over NVLink and 5 us over the network.
   */
  public static final double BASE_SECONDS = 8.4e-6;
  public static final double NVLINK_HOP_SECONDS = 0.6e-6;
  public static final double NETWORK_HOP_SECONDS = 5e-6;
}
