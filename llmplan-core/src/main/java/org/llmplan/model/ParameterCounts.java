package org.llmplan.model;

/**
 * Exact parameter counts of a model, split the way parallelism splits them: "sharded" parts divide across
 * tensor-parallel ranks (Megatron column/row-parallel weights, column-parallel biases, vocab-parallel
 * embedding), "replicated" parts are held whole by every rank (norms, row-parallel biases, routers, MLA
 * down-projections). Routed experts divide across expert-parallel ranks.
 *
 * @param factoredStateElements elements a factored optimizer (Adafactor) keeps: rows + columns per matrix,
 *     the whole vector for 1-D parameters (Shazeer and Stern 2018, section 3)
 */
public record ParameterCounts(
    long embedding,
    long positions,
    long embeddingNorm,
    long lmHead,
    long finalNorm,
    long attentionSharded,
    long attentionReplicated,
    long mlpSharded,
    long mlpReplicated,
    long routedExperts,
    long sharedExperts,
    long router,
    long blockNorms,
    int denseLayers,
    int moeLayers,
    long factoredStateElements) {

  static ParameterCounts of(ModelSpec m) {
    long h = m.hidden();
    Factored f = new Factored();
    Factored fDense = new Factored();
    Factored fMoe = new Factored();
    Factored fOuter = new Factored();

    long attentionSharded = attentionSharded(m, f);
    long attentionReplicated = attentionReplicated(m, f);
    int matrices = m.gatedMlp() ? 3 : 2;
    int moeLayers = m.moeLayers();
    int denseLayers = m.layers() - moeLayers;
    long mlpSharded = denseLayers > 0 ? mlpSharded(m, fDense, matrices) : 0;
    long mlpReplicated = denseLayers > 0 && m.linearBias() == LinearBias.ALL ? fDense.vector(h) : 0;

    long routed = 0;
    long shared = 0;
    long router = 0;
    if (m.moe() != null && moeLayers > 0) {
      MoeSpec e = m.moe();
      routed = e.experts() * fMoe.matrices(matrices, h, e.expertFfn());
      fMoe.elements *= e.experts();
      shared = sharedExperts(fMoe, e, matrices, h);
      router = fMoe.matrix(h, e.experts()) + (e.routerBias() ? fMoe.vector(e.experts()) : 0)
          + (e.sharedExpertGate() ? fMoe.matrix(h, 1) : 0);
    }

    long blockNorms = f.vector(m.normsPerLayer() * m.norm().parameters(h));
    long embedding = fOuter.matrix(m.vocab(), h);
    long positions = m.positional() == Positional.LEARNED ? fOuter.matrix(m.positionRows(), h) : 0;
    long embeddingNorm = m.embeddingNorm() ? fOuter.vector(m.norm().parameters(h)) : 0;
    long lmHead = m.tiedEmbeddings() ? 0 : fOuter.matrix(m.vocab(), h);
    long finalNorm = fOuter.vector(m.norm().parameters(h));
    long factored = f.elements * m.layers() + fDense.elements * denseLayers + fMoe.elements * moeLayers
        + fOuter.elements;

    return new ParameterCounts(embedding, positions, embeddingNorm, lmHead, finalNorm, attentionSharded,
        attentionReplicated, mlpSharded, mlpReplicated, routed, shared, router, blockNorms, denseLayers,
        moeLayers, factored);
  }

  /** Attention weights that TP ranks divide: Q, K, V (or MLA's up-projections) and the output, column biases. */
  private static long attentionSharded(ModelSpec m, Factored f) {
    long h = m.hidden();
    MlaSpec a = m.mla();
    if (a != null) {
      long heads = m.heads();
      long qUp = a.qLoraRank() > 0
          ? f.matrix(a.qLoraRank(), heads * a.qkHeadDim())
          : f.matrix(h, heads * a.qkHeadDim());
      long kvUp = f.matrix(a.kvLoraRank(), heads * ((long) a.qkNopeHeadDim() + a.vHeadDim()));
      return qUp + kvUp + f.matrix(heads * a.vHeadDim(), h);
    }
    long q = m.queryWidth();
    long kv = m.keyValueWidth();
    long sharded = f.matrix(h, q) + 2 * f.matrix(h, kv) + f.matrix(q, h);
    return m.linearBias() != LinearBias.NONE ? sharded + f.vector(q + 2 * kv) : sharded;
  }

  /** Attention weights every TP rank holds whole: MLA's down-projections and their norms, the output bias, QK norms. */
  private static long attentionReplicated(ModelSpec m, Factored f) {
    long h = m.hidden();
    long replicated = 0;
    MlaSpec a = m.mla();
    if (a != null) {
      if (a.qLoraRank() > 0) {
        replicated += f.matrix(h, a.qLoraRank()) + m.norm().parameters(a.qLoraRank());
      }
      replicated += f.matrix(h, (long) a.kvLoraRank() + a.qkRopeHeadDim()) + m.norm().parameters(a.kvLoraRank());
    } else if (m.linearBias() == LinearBias.ALL) {
      replicated += f.vector(h);
    }
    if (m.qkNorm()) {
      replicated += f.vector(2L * m.norm().parameters(m.headDim()));
    }
    return replicated;
  }

  /** A dense MLP's weights (and column biases) that TP ranks divide. */
  private static long mlpSharded(ModelSpec m, Factored f, int matrices) {
    long ffn = m.ffn();
    long sharded = f.matrices(matrices, m.hidden(), ffn);
    return m.linearBias() == LinearBias.ALL ? sharded + f.vector((matrices - 1) * ffn) : sharded;
  }

  private static long sharedExperts(Factored f, MoeSpec e, int matrices, long h) {
    long one = 0;
    for (int i = 0; i < e.sharedExperts(); i++) {
      one += f.matrices(matrices, h, e.sharedExpertFfn());
    }
    return one;
  }

  /** Counts parameters and, on the side, the elements Adafactor would keep for them. */
  private static final class Factored {
    long elements;

    long matrix(long rows, long cols) {
      elements += rows + cols;
      return rows * cols;
    }

    long matrices(int count, long rows, long cols) {
      elements += count * (rows + cols);
      return count * rows * cols;
    }

    long vector(long n) {
      elements += n;
      return n;
    }
  }

  public long attention() {
    return attentionSharded + attentionReplicated;
  }

  /** Parameters of one dense transformer layer. */
  public long denseLayer() {
    return attention() + mlpSharded + mlpReplicated + blockNorms;
  }

  /** Parameters of one MoE transformer layer (all experts). */
  public long moeLayer() {
    return attention() + routedExperts + sharedExperts + router + blockNorms;
  }

  public long transformerLayers() {
    return denseLayers * denseLayer() + moeLayers * moeLayer();
  }

  public long embeddings() {
    return embedding + positions + embeddingNorm;
  }

  public long total() {
    return embeddings() + transformerLayers() + lmHead + finalNorm;
  }

  /** Parameters one token passes through: all but the routed experts it is not sent to. */
  public long activePerToken(ModelSpec m) {
    if (moeLayers == 0) {
      return total();
    }
    long unused = routedExperts / m.moe().experts() * (m.moe().experts() - m.moe().topK());
    return total() - moeLayers * unused;
  }

  /** Parameters of the largest single layer: what ZeRO-3 and FSDP gather at once. */
  public long largestLayer() {
    long layer = Math.max(denseLayers > 0 ? denseLayer() : 0, moeLayers > 0 ? moeLayer() : 0);
    return Math.max(layer, Math.max(embedding, lmHead));
  }
}
