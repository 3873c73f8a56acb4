package org.llmplan.hardware;

/**
 * The scale-out network as one node sees it: its NICs, their line rate, and the share of it NCCL reaches.
 *
 * @param nicsPerNode NICs per node (8 on DGX/HGX: one per GPU)
 * @param gbitsPerNic line rate of one NIC, Gb/s, one direction
 * @param achievableFraction share of line rate NCCL reaches per NIC; 0 = not measured for this fabric
 */
public record ScaleOut(String fabric, int nicsPerNode, double gbitsPerNic, double achievableFraction) {

  /** NCCL through one NDR 400G NIC: 46-48 GB/s of 50 (nccl-tests#290), used where a fabric is not measured. */
  public static final double DEFAULT_ACHIEVABLE_FRACTION = 0.94;

  public static ScaleOut of(NodeType node, Fabric fabric) {
    return new ScaleOut(fabric.name(), node.nics(), fabric.gbitsPerPort(), fabric.achievableFraction());
  }

  /** Bytes per second one GPU can push into the network, one direction, as NCCL achieves it. */
  public double bytesPerSecondPerGpu(int gpusPerNode) {
    double fraction = achievableFraction > 0 ? achievableFraction : DEFAULT_ACHIEVABLE_FRACTION;
    return nicsPerNode * gbitsPerNic * 1e9 / 8 * fraction / gpusPerNode;
  }
}
