package org.llmplan.cli;

import org.llmplan.network.NetworkChange;
import picocli.CommandLine.Option;

/** The scale-out network a job runs on, when it is not the node's or cluster's own. */
public final class NetworkOptions {
  @Option(names = "--fabric", paramLabel = "NAME", description = "Scale-out fabric from the catalog instead of the "
      + "node's or cluster's: roce-100g, roce-200g, roce-400g, roce-800g, ib-hdr, ib-ndr, ib-xdr.")
  String fabric;

  @Option(names = "--nics-per-node", paramLabel = "N", description = "Scale-out NICs per node (default: the "
      + "node's).")
  Integer nicsPerNode;

  @Option(names = "--oversubscription", paramLabel = "R", description = "Fat-tree oversubscription ratio: each "
      + "NIC reaches 1/R of its line rate across nodes (default: 1, non-blocking).")
  Double oversubscription;

  public NetworkChange change() {
    return new NetworkChange(fabric, nicsPerNode, oversubscription);
  }
}
