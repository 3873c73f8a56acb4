package org.llmplan.hardware;

import java.util.List;

/**
 * A node type times a node count, joined by a scale-out fabric.
 *
 * @param oversubscription fat-tree oversubscription ratio (1 = non-blocking)
 */
public record ClusterSpec(
    String name,
    List<String> aliases,
    String node,
    int nodes,
    String fabric,
    double oversubscription,
    String source) {

  public ClusterSpec {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    if (oversubscription == 0) {
      oversubscription = 1;
    }
  }
}
