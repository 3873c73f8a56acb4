package org.llmplan.serve;

import org.llmplan.request.InferenceRequest;
import org.llmplan.serving.Capacity;
import org.llmplan.serving.ServingCost;

/**
 * One deployment a search tried.
 *
 * @param deployment the replica with every choice written out
 * @param disaggregated null for an aggregated replica, or "P:D"
 * @param gpus GPUs of one replica (or prefill/decode unit)
 * @param skipped why it was not simulated (an impossible layout, does not fit), or null
 * @param capacity the rate it sustains under the targets, or null when skipped
 * @param cost what the target rate costs on it, or null when skipped or infeasible
 */
public record ServeCandidate(InferenceRequest deployment, String disaggregated, int gpus, String skipped,
    Capacity capacity, ServingCost cost) {

  /** Whether it meets the targets at some rate. */
  public boolean meets() {
    return cost != null;
  }

  /** "h100 TP2 fp8, max-num-seqs 256" (TP2 EP2, DP2-attention EP2 for MoE layouts) and the split, if any. */
  public String label() {
    var l = deployment.layout();
    int ep = l.ep() != null ? l.ep() : 1;
    String layout = Boolean.TRUE.equals(l.attentionDp()) ? "DP" + l.tp() + "-attention EP" + ep
        : "TP" + l.tp() + (ep > 1 ? " EP" + ep : "");
    return deployment.gpu() + " " + layout + " " + deployment.formats().precision()
        + ", max-num-seqs " + deployment.engineOptions()
            .maxNumSeqs() + (disaggregated != null ? ", disaggregated " + disaggregated : "");
  }
}
