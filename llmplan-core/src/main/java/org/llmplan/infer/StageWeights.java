package org.llmplan.infer;

import org.llmplan.model.LinearBias;
import org.llmplan.model.MlaSpec;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.ParameterCounts;

/**
 * Parameters one GPU of a pipeline stage holds, split into the linear-layer matrices a quantized checkpoint
 * stores in its weight format and the tensors kept in 16 bits (embeddings, LM head, norms, biases, routers).
 * Column- and row-parallel matrices divide over TP; MLA's down-projections are replicated (vLLM
 * ReplicatedLinear); routed experts divide over TP either sliced (EP 1) or whole (EP = TP). Under attention
 * data parallelism every GPU holds the attention, dense and shared-expert matrices, the embedding and the LM
 * head whole, and 1/EP of the routed experts.
 *
 * @param layers transformer layers on the stage
 * @param moeLayers of which MoE layers
 * @param quantized matrix parameters stored in the weight format
 * @param sixteenBit parameters stored in 16 bits
 */
public record StageWeights(int index, int layers, int moeLayers, double quantized, double sixteenBit) {

  /** Layers of stage {@code index}: L / pp each, the first L mod pp stages one more (vLLM get_pp_indices). */
  public static StageWeights of(InferenceDeployment d, int index) {
    ModelSpec m = d.model();
    ParameterCounts pc = m.parameters();
    int pp = d.pp();
    int base = m.layers() / pp;
    int extra = m.layers() % pp;
    int layers = base + (index < extra ? 1 : 0);
    int start = index * base + Math.min(index, extra);
    int moe = 0;
    for (int layer = start; layer < start + layers; layer++) {
      if (m.isMoe() && m.moe().isMoeLayer(layer)) {
        moe++;
      }
    }
    int dense = layers - moe;
    double t = d.attentionTp();
    double attentionVectors = attentionVectors(m);
    double attentionMatrices = pc.attentionSharded() / t + pc.attentionReplicated() - attentionVectors;
    double quantized = dense * (attentionMatrices + pc.mlpSharded() / t)
        + moe * (attentionMatrices + pc.sharedExperts() / t + pc.routedExperts() / d.tp());
    double sixteenBit = dense * (attentionVectors + pc.mlpReplicated() + pc.blockNorms())
        + moe * (attentionVectors + pc.router() + pc.blockNorms());
    if (index == 0) {
      sixteenBit += pc.embedding() / t + pc.positions() + pc.embeddingNorm();
    }
    if (index == pp - 1) {
      sixteenBit += pc.finalNorm() + (pc.lmHead() > 0 ? pc.lmHead() / t : pp > 1 ? pc.embedding() / t : 0);
    }
    return new StageWeights(index, layers, moe, quantized, sixteenBit);
  }

  /** Norm weights and replicated biases inside attention, which quantizers leave in 16 bits. */
  private static double attentionVectors(ModelSpec m) {
    double vectors = m.qkNorm() ? 2.0 * m.norm().parameters(m.headDim()) : 0;
    MlaSpec mla = m.mla();
    if (mla != null) {
      vectors += m.norm().parameters(mla.kvLoraRank())
          + (mla.qLoraRank() > 0 ? m.norm().parameters(mla.qLoraRank()) : 0);
    }
    if (m.linearBias() == LinearBias.ALL) {
      vectors += m.hidden();
    }
    return vectors;
  }

  /** Bytes of the quantized matrices, scales excluded. */
  public double quantizedBytes(InferenceDeployment d) {
    return quantized * d.weights().bytes();
  }

  /** Bytes of the group scales and zero points of a group-quantized format. */
  public double scaleBytes(InferenceDeployment d) {
    return quantized * d.weights().scaleBytes(d.groupSize());
  }

  public double sixteenBitBytes() {
    return sixteenBit * 2;
  }

  public double totalBytes(InferenceDeployment d) {
    return quantizedBytes(d) + scaleBytes(d) + sixteenBitBytes();
  }
}
