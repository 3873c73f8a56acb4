package org.llmplan.comm;

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

  public double allReduce(double bytes, GroupPlacement g) {
    return 2 * reduceScatter(bytes, g);
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
