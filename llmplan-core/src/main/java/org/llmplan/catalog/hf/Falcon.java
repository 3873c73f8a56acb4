package org.llmplan.catalog.hf;

import java.util.function.Predicate;
import org.llmplan.model.LinearBias;
import org.llmplan.model.NormKind;
import org.llmplan.model.Positional;

/**
 * Falcon in both formats: model_type falcon (transformers FalconConfig) and the original RW code, where
 * RefinedWebModel is the 7B/RW layout (multi_query flag) and RefinedWeb the 40B/180B new decoder
 * architecture (n_head_kv KV heads, ln_attn + ln_mlp). With parallel_attn and one norm, attention and MLP
 * share a single input LayerNorm (Falcon-7B).
 */
final class Falcon implements ModelTypeReader {
  /** model_type falcon: new_decoder_architecture says the layout; multi_query defaults to true. */
  static final Falcon TRANSFORMERS = new Falcon(c -> c.bool("new_decoder_architecture", false), true);
  /** RW code, 40B/180B. */
  static final Falcon REFINED_WEB = new Falcon(c -> true, false);
  /** RW code, 7B and the RW models. */
  static final Falcon REFINED_WEB_MODEL = new Falcon(c -> false, false);

  private final Predicate<ConfigJson> newArchitecture;
  private final boolean multiQueryByDefault;

  private Falcon(Predicate<ConfigJson> newArchitecture, boolean multiQueryByDefault) {
    this.newArchitecture = newArchitecture;
    this.multiQueryByDefault = multiQueryByDefault;
  }

  @Override
  public ModelDraft read(ConfigJson c, String modelType) {
    ModelDraft d = new ModelDraft(c, "falcon");
    d.layers = c.positiveInt("num_hidden_layers", "n_layer");
    d.hidden = c.positiveInt("hidden_size", "n_embed");
    d.heads = c.positiveInt("num_attention_heads", "n_head");
    boolean newLayout = newArchitecture.test(c);
    if (newLayout) {
      d.kvHeads = c.optionalPositiveInt(d.heads, "num_kv_heads", "n_head_kv");
    } else {
      // Converted Falcon-7B configs may print num_kv_heads 71, but the old layout has 1 KV head when multi_query.
      d.kvHeads = c.bool("multi_query", multiQueryByDefault) ? 1 : d.heads;
    }
    d.ffn = c.optionalPositiveInt(4 * d.hidden, "ffn_hidden_size");
    d.vocab = c.positiveInt("vocab_size");
    // FalconConfig's default; the RW format has no key (2048 is the training length).
    d.maxPosition = c.optionalPositiveInt(2048, "max_position_embeddings");
    d.positional = c.bool("alibi", false) ? Positional.ALIBI : Positional.ROPE;
    d.norm = NormKind.LAYER;
    d.linearBias = c.bool("bias", false) ? LinearBias.ALL : LinearBias.NONE;
    boolean parallel = c.bool("parallel_attn", true);
    int parallelNorms = c.optionalPositiveInt(newLayout ? 2 : 1, "num_ln_in_parallel_attn");
    d.normsPerLayer = !parallel || parallelNorms == 2 ? 2 : 1;
    if (parallel) {
      d.note("parallel attention and MLP" + (d.normsPerLayer == 1 ? " sharing one LayerNorm" : ""));
    }
    d.tiedEmbeddings = c.bool("tie_word_embeddings", true);
    d.dropout = c.anyDropout(0, "attention_dropout", "hidden_dropout");
    return d;
  }
}
