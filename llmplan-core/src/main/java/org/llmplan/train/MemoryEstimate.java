package org.llmplan.train;

import java.util.List;
import java.util.Map;
import org.llmplan.estimate.Part;

/**
 * Training memory of the most loaded GPU: the parts (each a tree with formulas) sum to {@code totalBytes}.
 *
 * @param stage which pipeline stage the numbers are for ("first", "second", "last", or "only" without PP)
 * @param marginBytes memory the plan must leave free to fit (the framework's headroom share of capacity)
 * @param hostBytesPerNode CPU memory a node needs for offloaded state (0 without offload)
 * @param nvmeBytesPerNode NVMe space a node needs for offloaded state (0 without NVMe offload)
 * @param levers single changes that lower the total, best first (filled when the plan does not fit)
 * @param notes assumptions taken and warnings about the layout
 */
public record MemoryEstimate(
    String stage,
    List<Part> parts,
    double totalBytes,
    double capacityBytes,
    double marginBytes,
    double hostBytesPerNode,
    double nvmeBytesPerNode,
    List<Lever> levers,
    List<String> notes) {

  public MemoryEstimate {
    parts = List.copyOf(parts);
    levers = List.copyOf(levers);
    notes = List.copyOf(notes);
  }

  /** Whether the total leaves the margin free. */
  public boolean fits() {
    return totalBytes <= usableBytes();
  }

  /** Capacity less the margin: the most a plan may use. */
  public double usableBytes() {
    return capacityBytes - marginBytes;
  }

  /** Capacity minus total: negative by how much it exceeds the GPU (it fits when this covers the margin). */
  public double headroomBytes() {
    return capacityBytes - totalBytes;
  }

  /** Usable memory minus total: what is left besides the margin, negative by how much it does not fit. */
  public double spareBytes() {
    return usableBytes() - totalBytes;
  }

  /** Top-level part values by name, in breakdown order. */
  public Map<String, Double> partBytes() {
    return Part.values(parts);
  }

  public Part part(String name) {
    return Part.find(parts, name);
  }

  public MemoryEstimate withLevers(List<Lever> newLevers) {
    return new MemoryEstimate(stage, parts, totalBytes, capacityBytes, marginBytes, hostBytesPerNode, nvmeBytesPerNode,
        newLevers, notes);
  }

  /** One change to the job and the total it would lead to. */
  public record Lever(String change, double totalBytes, boolean fits) {}
}
