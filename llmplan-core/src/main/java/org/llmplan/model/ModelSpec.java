package org.llmplan.model;

import java.util.List;
import org.llmplan.error.InvalidValueException;

/**
 * A transformer language model's architecture: enough to count its parameters exactly and to size its
 * activations, FLOPs and KV cache. Field names follow the catalog YAML; zero or null means "the default"
 * where the compact constructor says so.
 *
 * @param headDim per-head width; 0 means hidden / heads (it differs for Gemma 2, Qwen3, Llama 3.2 1B)
 * @param normsPerLayer norms inside one block (2 in most models, 1 for Falcon-7B, 4 for Gemma 2)
 * @param positionRows rows of a learned position table (0 unless positional is LEARNED; OPT has 2 extra)
 * @param qkNorm whether queries and keys are normalised per head (Qwen3)
 * @param embeddingNorm whether a norm follows the word embedding (BLOOM)
 * @param dropout whether training applies dropout (attention and residual), which stores masks
 * @param publishedParams the total printed by an official source, when there is one
 * @param numerics rotary base and scaling, norm epsilon; {@link ModelNumerics#UNKNOWN} where not stated
 */
public record ModelSpec(
    String name,
    List<String> aliases,
    String family,
    int layers,
    int hidden,
    int heads,
    int kvHeads,
    int headDim,
    int ffn,
    boolean gatedMlp,
    int vocab,
    boolean tiedEmbeddings,
    int maxPosition,
    NormKind norm,
    int normsPerLayer,
    Positional positional,
    int positionRows,
    LinearBias linearBias,
    boolean qkNorm,
    boolean embeddingNorm,
    boolean dropout,
    MoeSpec moe,
    MlaSpec mla,
    Long publishedParams,
    String source,
    String notes,
    ModelNumerics numerics) {

  public ModelSpec {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    numerics = numerics == null ? ModelNumerics.UNKNOWN : numerics;
    requirePositive(name, "layers", layers);
    requirePositive(name, "hidden", hidden);
    requirePositive(name, "heads", heads);
    requirePositive(name, "vocab", vocab);
    if (kvHeads == 0) {
      kvHeads = heads;
    }
    if (headDim == 0) {
      if (hidden % heads != 0) {
        throw new InvalidValueException("model " + name + ": hidden " + hidden + " is not a multiple of heads "
            + heads + "; set headDim");
      }
      headDim = hidden / heads;
    }
    if (kvHeads < 0 || heads % kvHeads != 0) {
      throw new InvalidValueException("model " + name + ": heads " + heads + " must be a multiple of kvHeads "
          + kvHeads);
    }
    if (ffn <= 0 && (moe == null || hasDenseLayer(layers, moe))) {
      throw new InvalidValueException("model " + name + ": ffn must be positive");
    }
    if (norm == null) {
      norm = NormKind.RMS;
    }
    if (normsPerLayer == 0) {
      normsPerLayer = 2;
    }
    if (positional == null) {
      positional = Positional.ROPE;
    }
    if (positional == Positional.LEARNED && positionRows == 0) {
      positionRows = maxPosition;
    }
    if (linearBias == null) {
      linearBias = LinearBias.NONE;
    }
    if (moe != null) {
      requirePositive(name, "moe.experts", moe.experts());
      requirePositive(name, "moe.topK", moe.topK());
      requirePositive(name, "moe.expertFfn", moe.expertFfn());
      if (moe.topK() > moe.experts()) {
        throw new InvalidValueException("model " + name + ": moe.topK " + moe.topK() + " exceeds moe.experts "
            + moe.experts());
      }
    }
  }

  private static boolean hasDenseLayer(int layers, MoeSpec moe) {
    for (int layer = 0; layer < layers; layer++) {
      if (!moe.isMoeLayer(layer)) {
        return true;
      }
    }
    return false;
  }

  private static void requirePositive(String model, String field, int value) {
    if (value <= 0) {
      throw new InvalidValueException("model " + model + ": " + field + " must be positive, got " + value);
    }
  }

  public AttentionKind attentionKind() {
    if (mla != null) {
      return AttentionKind.MLA;
    }
    if (kvHeads == heads) {
      return AttentionKind.MHA;
    }
    return kvHeads == 1 ? AttentionKind.MQA : AttentionKind.GQA;
  }

  /** Width of all query heads together (may differ from hidden). */
  public long queryWidth() {
    return (long) heads * (mla != null ? mla.qkHeadDim() : headDim);
  }

  /** Width of all key heads together, which is also the value width for standard attention. */
  public long keyValueWidth() {
    return mla != null ? queryWidth() : (long) kvHeads * headDim;
  }

  /** Width of the attention output that enters the output projection. */
  public long valueOutputWidth() {
    return (long) heads * (mla != null ? mla.vHeadDim() : headDim);
  }

  public boolean isMoe() {
    return moe != null;
  }

  public int moeLayers() {
    if (moe == null) {
      return 0;
    }
    int count = 0;
    for (int layer = 0; layer < layers; layer++) {
      if (moe.isMoeLayer(layer)) {
        count++;
      }
    }
    return count;
  }

  public int denseLayers() {
    return layers - moeLayers();
  }

  /** The same model trained with another MoE capacity factor. */
  public ModelSpec withCapacityFactor(double capacityFactor) {
    return withMoe(new MoeSpec(moe.experts(), moe.topK(), moe.sharedExperts(), moe.expertFfn(), moe.sharedExpertFfn(),
        moe.denseLayers(), moe.layerStep(), moe.routerBias(), moe.sharedExpertGate(), capacityFactor, moe.mtpLayers()));
  }

  /** The same MoE model trained with {@code layers} multi-token-prediction modules (DeepSeek-V3 trains one). */
  public ModelSpec withMtpLayers(int layers) {
    return withMoe(new MoeSpec(moe.experts(), moe.topK(), moe.sharedExperts(), moe.expertFfn(), moe.sharedExpertFfn(),
        moe.denseLayers(), moe.layerStep(), moe.routerBias(), moe.sharedExpertGate(), moe.capacityFactor(), layers));
  }

  private ModelSpec withMoe(MoeSpec e) {
    return new ModelSpec(name, aliases, family, layers, hidden, heads, kvHeads, headDim, ffn, gatedMlp, vocab,
        tiedEmbeddings, maxPosition, norm, normsPerLayer, positional, positionRows, linearBias, qkNorm,
        embeddingNorm, dropout, e, mla, publishedParams, source, notes, numerics);
  }

  /** A model whose numerics are not stated (a validation row's architecture, a test shape). */
  public ModelSpec(String name, List<String> aliases, String family, int layers, int hidden, int heads, int kvHeads,
      int headDim, int ffn, boolean gatedMlp, int vocab, boolean tiedEmbeddings, int maxPosition, NormKind norm,
      int normsPerLayer, Positional positional, int positionRows, LinearBias linearBias, boolean qkNorm,
      boolean embeddingNorm, boolean dropout, MoeSpec moe, MlaSpec mla, Long publishedParams, String source,
      String notes) {
    this(name, aliases, family, layers, hidden, heads, kvHeads, headDim, ffn, gatedMlp, vocab, tiedEmbeddings,
        maxPosition, norm, normsPerLayer, positional, positionRows, linearBias, qkNorm, embeddingNorm, dropout, moe,
        mla, publishedParams, source, notes, ModelNumerics.UNKNOWN);
  }

  public ParameterCounts parameters() {
    return ParameterCounts.of(this);
  }
}
