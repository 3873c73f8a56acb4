package org.llmplan.network;

import org.llmplan.comm.Collectives;
import org.llmplan.comm.GroupPlacement;
import org.llmplan.comm.Link;

/**
 * The bytes behind each {@link Collectives} cost, split by link: a ring pass over n ranks sends (n - 1)/n of
 * the buffer from every rank (nccl-tests PERFORMANCE.md), first over the scale-up link among the ranks of a
 * node, then over the network on 1/perNode of the data. The seconds per link add up to what
 * {@link Collectives} charges for the same call.
 */
public final class WireTraffic {
  private final Link scaleUp;
  private final Link network;

  public WireTraffic(Collectives collectives) {
    this.scaleUp = collectives.scaleUp();
    this.network = collectives.network();
  }

  public Traffic allReduce(double bytes, GroupPlacement g) {
    return reduceScatter(bytes, g).times(2);
  }

  public Traffic allGather(double bytes, GroupPlacement g) {
    return reduceScatter(bytes, g);
  }

  public Traffic reduceScatter(double bytes, GroupPlacement g) {
    if (g.size() <= 1 || bytes <= 0) {
      return Traffic.NONE;
    }
    Traffic intra = ring(bytes, g.perNode(), scaleUp, true);
    return intra.plus(ring(bytes / g.perNode(), g.nodes(), network, false));
  }

  /** Each rank sends {@code bytes} split evenly over the others, all on the slowest link the group spans. */
  public Traffic allToAll(double bytes, GroupPlacement g) {
    if (g.size() <= 1 || bytes <= 0) {
      return Traffic.NONE;
    }
    boolean local = g.withinNode();
    Link link = local ? scaleUp : network;
    double sent = bytes * (g.size() - 1.0) / g.size();
    double seconds = link.baseSeconds() + (g.size() - 1) * link.hopSeconds() + sent / link.busBytesPerSecond();
    return on(local, sent, seconds);
  }

  public Traffic sendReceive(double bytes, boolean crossesNodes) {
    Link link = crossesNodes ? network : scaleUp;
    return on(!crossesNodes, bytes, link.baseSeconds() + link.hopSeconds() + bytes / link.busBytesPerSecond());
  }

  private static Traffic ring(double bytes, int n, Link link, boolean local) {
    if (n <= 1) {
      return Traffic.NONE;
    }
    double sent = (n - 1.0) / n * bytes;
    return on(local, sent, link.baseSeconds() + (n - 1) * link.hopSeconds() + sent / link.busBytesPerSecond());
  }

  private static Traffic on(boolean scaleUpLink, double bytes, double seconds) {
    return scaleUpLink ? new Traffic(bytes, 0, seconds, 0) : new Traffic(0, bytes, 0, seconds);
  }
}
