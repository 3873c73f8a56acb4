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

    long attentionSharded;
    long attentionReplicated = 0;
    if (m.mla() != null) {
      MlaSpec a = m.mla();
      long heads = m.heads();
      long qUp;
      if (a.qLoraRank() > 0) {
        attentionReplicated += f.matrix(h, a.qLoraRank()) + m.norm().parameters(a.qLoraRank());
        qUp = f.matrix(a.qLoraRank(), heads * a.qkHeadDim());
      } else {
        qUp = f.matrix(h, heads * a.qkHeadDim());
      }
      attentionReplicated += f.matrix(h, (long) a.kvLoraRank() + a.qkRopeHeadDim())
          + m.norm().parameters(a.kvLoraRank());
      long kvUp = f.matrix(a.kvLoraRank(), heads * ((long) a.qkNopeHeadDim() + a.vHeadDim()));
      attentionSharded = qUp + kvUp + f.matrix(heads * a.vHeadDim(), h);
    } else {
      long q = m.queryWidth();
      long kv = m.keyValueWidth();
      attentionSharded = f.matrix(h, q) + 2 * f.matrix(h, kv) + f.matrix(q, h);
      if (m.linearBias() != LinearBias.NONE) {
        attentionSharded += f.vector(q + 2 * kv);
      }
      if (m.linearBias() == LinearBias.ALL) {
        attentionReplicated += f.vector(h);
      }
    }
    if (m.qkNorm()) {
      attentionReplicated += f.vector(2L * m.norm().parameters(m.headDim()));
    }

    int matrices = m.gatedMlp() ? 3 : 2;
    long mlpSharded = 0;
    long mlpReplicated = 0;
    int moeLayers = m.moeLayers();
    int denseLayers = m.layers() - moeLayers;
    if (denseLayers > 0) {
      long ffn = m.ffn();
      mlpSharded = fDense.matrices(matrices, h, ffn);
      if (m.linearBias() == LinearBias.ALL) {
        mlpSharded += fDense.vector((matrices - 1) * ffn);
        mlpReplicated += fDense.vector(h);
      }
    }

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
