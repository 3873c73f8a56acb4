package org.llmplan.network;

import java.util.Comparator;
import java.util.List;

/**
 * A training step's traffic: per parallel dimension, per link class, and how much of it the step waits for.
 *
 * @param fabric the scale-out fabric as the job uses it (with any oversubscription)
 * @param gbitsPerNic line rate of one NIC as the job sees it, Gb/s (an oversubscribed network's divided by the
 *     ratio)
 * @param stage the pipeline stage whose GPU the per-GPU figures are for (0-based, the one with most layers)
 */
public record NetworkEstimate(
    String fabric,
    int nicsPerNode,
    double gbitsPerNic,
    int stage,
    double stepSeconds,
    List<DimensionTraffic> dimensions,
    List<LinkLoad> links,
    List<String> notes) {

  public NetworkEstimate {
    dimensions = List.copyOf(dimensions);
    links = List.copyOf(links);
    notes = List.copyOf(notes);
  }

  /** Seconds of the step spent waiting for communication: the step-time breakdown's communication parts. */
  public double exposedSeconds() {
    return dimensions.stream().mapToDouble(DimensionTraffic::exposedSeconds).sum();
  }

  public double exposedShare() {
    return exposedSeconds() / stepSeconds;
  }

  /** The link class busy for the largest share of the step. */
  public LinkLoad busiest() {
    return links.stream().max(Comparator.comparingDouble(LinkLoad::utilisation)).orElseThrow();
  }

  public DimensionTraffic dimension(Dimension d) {
    return dimensions.stream().filter(t -> t.dimension() == d).findFirst().orElse(null);
  }
}
