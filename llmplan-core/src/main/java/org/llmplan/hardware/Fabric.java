package org.llmplan.hardware;

import java.util.List;

/**
 * A scale-out network technology (InfiniBand, Ethernet/RoCE).
 *
 * @param kind infiniband or ethernet
 * @param gbitsPerPort line rate of one port, Gb/s
 * @param achievableFraction share of line rate that NCCL reaches per NIC, when measured (0 = not known)
 */
public record Fabric(
    String name,
    List<String> aliases,
    String kind,
    double gbitsPerPort,
    double achievableFraction,
    String source) {

  public Fabric {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
  }

  /** Line rate of one port in bytes per second, one direction. */
  public double portBytesPerSecond() {
    return gbitsPerPort * 1e9 / 8;
  }
}
