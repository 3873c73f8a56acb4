package org.llmplan.comm;

/**
 * Where the ranks of one parallel group sit. Megatron numbers ranks TP fastest, then CP, DP and PP
 * (order tp-cp-ep-dp-pp), so a group of {@code size} ranks lies {@code stride} ranks apart; with
 * {@code gpusPerNode} GPUs per node, {@link #perNode} of them share a node and the rest are on other nodes.
 */
public record GroupPlacement(int size, int perNode) {

  public static GroupPlacement of(int size, int stride, int gpusPerNode) {
    int perNode = stride >= gpusPerNode ? 1 : Math.max(1, Math.min(size, gpusPerNode / stride));
    return new GroupPlacement(size, perNode);
  }

  public int nodes() {
    return Math.max(1, size / perNode);
  }

  public boolean withinNode() {
    return nodes() == 1;
  }
}
