package org.llmplan.comm;

import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Efficiency;
import org.llmplan.hardware.ScaleOut;

/**
 * Alpha-beta costs of NCCL collectives (ring algorithms; nccl-tests PERFORMANCE.md bus-bandwidth factors).
 * {@code bytes} is the whole tensor: the all-reduced buffer, the gathered output, the scattered input. A
 * group that spans nodes runs two levels, as NCCL does with one NIC per GPU: the ranks of a node over the
 * scale-up link, then one rank per node and rail over the network carrying 1/perNode of the data
 * (shared/reference/training-model.md 4.5, hierarchical NVLink + IB).
 */
public final class Collectives {
  private final Link scaleUp;
  private final Link network;

  public Collectives(Link scaleUp, Link network) {
    this.scaleUp = scaleUp;
    this.network = network;
  }

  /** The link between GPUs of one node. */
  public Link scaleUp() {
    return scaleUp;
  }

  /** The scale-out link, as one GPU's share of its node's NICs. */
  public Link network() {
    return network;
  }

  /**
   * The links of {@code gpu}'s nodes: its scale-up link at the measured share of NCCL bus bandwidth (for a PCIe
   * card without NVLink, its PCIe link: GPUs of one node reach each other through the PCIe switches; the network
   * when no figure is known), and the network through the nodes' NICs.
   */
  public static Collectives of(Accelerator gpu, ScaleOut scaleOut, int gpusPerNode) {
    Efficiency eff = gpu.kernelCeilings();
    double perGpu = scaleOut.bytesPerSecondPerGpu(gpusPerNode);
    double nvlink = gpu.scaleUp() != null && gpu.scaleUp().gbPerSecond() > 0
        ? gpu.scaleUp().gbPerSecond() * 1e9 * eff.scaleUpBus() : perGpu;
    return new Collectives(new Link("scale-up", nvlink, Link.BASE_SECONDS, Link.NVLINK_HOP_SECONDS),
        new Link(scaleOut.fabric(), perGpu, Link.BASE_SECONDS, Link.NETWORK_HOP_SECONDS));
  }

  public double allReduce(double bytes, GroupPlacement g) {
    return 2 * reduceScatter(bytes, g);
  }

  /**
   * An all-reduce run as one kernel, as serving engines issue it: NCCL's tuning model (src/graph/tuning.cc)
   * charges the base latency once per collective and the hops of both ring passes; {@link #allReduce} charges a
   * reduce-scatter and an all-gather, each with its base.
   */
  public double allReduceKernel(double bytes, GroupPlacement g) {
    if (g.size() <= 1 || bytes <= 0) {
      return 0;
    }
    double bases = (g.perNode() > 1 ? scaleUp.baseSeconds() : 0) + (g.nodes() > 1 ? network.baseSeconds() : 0);
    return allReduce(bytes, g) - bases;
  }

  public double reduceScatter(double bytes, GroupPlacement g) {
    if (g.size() <= 1 || bytes <= 0) {
      return 0;
    }
    double intra = ring(bytes, g.perNode(), scaleUp);
    double inter = ring(bytes / g.perNode(), g.nodes(), network);
    return intra + inter;
  }

  public double allGather(double bytes, GroupPlacement g) {
    return reduceScatter(bytes, g);
  }

  /** Each rank sends {@code bytes} in total, split evenly over the others. */
  public double allToAll(double bytes, GroupPlacement g) {
    if (g.size() <= 1 || bytes <= 0) {
      return 0;
    }
    Link slowest = g.withinNode() ? scaleUp : network;
    double share = (g.size() - 1.0) / g.size();
    return slowest.baseSeconds() + (g.size() - 1) * slowest.hopSeconds() + bytes * share / slowest.busBytesPerSecond();
  }

  public double sendReceive(double bytes, boolean crossesNodes) {
    Link link = crossesNodes ? network : scaleUp;
    return link.baseSeconds() + link.hopSeconds() + bytes / link.busBytesPerSecond();
  }

  /** One ring pass (reduce-scatter or all-gather) over {@code n} ranks of one link. */
  private static double ring(double bytes, int n, Link link) {
    if (n <= 1) {
      return 0;
    }
    return link.baseSeconds() + (n - 1) * link.hopSeconds() + (n - 1.0) / n * bytes / link.busBytesPerSecond();
  }
}
