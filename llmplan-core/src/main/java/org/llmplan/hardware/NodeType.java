package org.llmplan.hardware;

import java.util.List;

/**
 * A server (or, for GB200 NVL72, a rack-scale NVLink domain): accelerators joined by the scale-up link,
 * with NICs onto the scale-out fabric.
 *
 * @param gpu accelerator name in the catalog
 * @param nics scale-out NICs per node
 * @param nicFabric fabric each NIC speaks, by catalog name
 * @param hostMemoryGiB CPU memory, which bounds optimizer and parameter offload
 */
public record NodeType(
    String name,
    List<String> aliases,
    String gpu,
    int gpusPerNode,
    int nics,
    String nicFabric,
    double hostMemoryGiB,
    String source) {

  public NodeType {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
  }
}
