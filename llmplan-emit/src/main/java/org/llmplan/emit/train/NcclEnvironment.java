package org.llmplan.emit.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.llmplan.emit.LaunchPlan;

/**
 * NCCL and PyTorch variables for the plan's fabric (NCCL user guide, "Environment Variables"). Only the
 * "system configuration" kind is set; debugging variables stay at WARN. The HCA names assume ConnectX
 * adapters enumerated mlx5_0..mlx5_{n-1}, one per scale-out NIC of the node: check them with ibv_devinfo.
 */
public final class NcclEnvironment {
  private NcclEnvironment() {}

  public static Map<String, String> of(LaunchPlan plan) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("NCCL_DEBUG", "WARN");
    env.put("TORCH_NCCL_ASYNC_ERROR_HANDLING", "1");
    if (plan.nodes() > 1) {
      // Bootstrap and out-of-band traffic on any interface but loopback and container bridges.
      env.put("NCCL_SOCKET_IFNAME", "^lo,docker");
      int nics = Math.max(1, plan.job().scaleOut().nicsPerNode());
      env.put("NCCL_IB_HCA", "=" + IntStream.range(0, nics).mapToObj(i -> "mlx5_" + i)
          .collect(Collectors.joining(",")));
      if (!plan.infiniband()) {
        // RoCE v2 needs the GID of the routable IPv4 address, index 3 on a default ConnectX setup.
        env.put("NCCL_IB_GID_INDEX", "3");
      }
    }
    return env;
  }
}
