package org.llmplan.catalog.hf;

import java.util.ArrayList;
import java.util.List;
import org.llmplan.model.LinearBias;
import org.llmplan.model.MlaSpec;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.MoeSpec;
import org.llmplan.model.NormKind;
import org.llmplan.model.Positional;

/** The fields of a ModelSpec while the reader of one model_type fills them in. */
public final class ModelDraft {
  final ConfigJson config;
  final String family;
  int layers;
  int hidden;
  int heads;
  int kvHeads;
  int headDim;
  int ffn;
  boolean gatedMlp;
  int vocab;
  boolean tiedEmbeddings;
  int maxPosition;
  NormKind norm = NormKind.RMS;
  int normsPerLayer = 2;
  Positional positional = Positional.ROPE;
  int positionRows;
  LinearBias linearBias = LinearBias.NONE;
  boolean qkNorm;
  boolean embeddingNorm;
  boolean dropout;
  MoeSpec moe;
  MlaSpec mla;
  private final List<String> notes = new ArrayList<>();

  ModelDraft(ConfigJson config, String family) {
    this.config = config;
    this.family = family;
  }

  /** Something the count leaves out or assumes, shown with the model. */
  public void note(String note) {
    notes.add(note);
  }

  public ModelSpec build() {
    // Check with the config's own key names before ModelSpec checks with its own.
    if (mla == null && kvHeads > 0 && heads % kvHeads != 0) {
      throw config.error("num_attention_heads " + heads + " is not a multiple of the " + kvHeads
          + " key/value heads");
    }
    if (headDim == 0 && hidden % heads != 0) {
      throw config.error("hidden_size " + hidden + " is not a multiple of num_attention_heads " + heads
          + " and there is no head_dim");
    }
    return new ModelSpec(config.modelName(), List.of(), family, layers, hidden, heads, kvHeads, headDim, ffn,
        gatedMlp, vocab, tiedEmbeddings, maxPosition, norm, normsPerLayer, positional, positionRows,
        linearBias, qkNorm, embeddingNorm, dropout, moe, mla, null, "Hugging Face config.json: " + config.path(),
        notes.isEmpty() ? null : String.join("; ", notes), config.numerics());
  }
}
