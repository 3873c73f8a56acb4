package org.llmplan.comm;

/**
 * Where the ranks of one parallel group sit. Megatron numbers ranks TP fastest, then CP, DP and PP
 * (order tp-cp-ep-dp-pp), so a group of {@code size} ranks lies {@code stride} ranks apart; with
 * {@code gpusPerNode} GPUs on one scale-up link (a node, or a rack-scale NVLink domain of several), {@link #perNode}
 * of them share it and the rest are elsewhere, spread evenly: the most that divides the group.
 */
public record GroupPlacement(int size, int perNode) {

  public static GroupPlacement of(int size, int stride, int gpusPerNode) {
    int perNode = stride >= gpusPerNode ? 1 : Math.max(1, Math.min(size, gpusPerNode / stride));
    while (size % perNode != 0) {
      perNode--; // 16 ranks over 72-GPU domains: 8 in each of two, not 9 and 7
    }
    return new GroupPlacement(size, perNode);
  }

  public int nodes() {
    return Math.max(1, size / perNode);
  }

  public boolean withinNode() {
    return nodes() == 1;
  }
}
