package org.llmplan.catalog;

import java.nio.file.Path;
import java.util.Optional;
import org.llmplan.catalog.hf.CheckpointFormat;
import org.llmplan.catalog.hf.ConfigJson;
import org.llmplan.catalog.hf.ModelDraft;
import org.llmplan.catalog.hf.ModelTypes;
import org.llmplan.error.InvalidValueException;
import org.llmplan.error.MalformedInputException;
import org.llmplan.model.ModelSpec;

/**
 * Reads a Hugging Face {@code config.json} into a model, family by family ({@code model_type}), so that the
 * parameter count equals the checkpoint's. Keys the count does not need (rope_theta, torch_dtype, ...) are
 * ignored.
 *
 * <p>Defaults for keys a file leaves out:
 * <ul>
 *   <li>{@code tie_word_embeddings}: the default of the family's transformers config class: true for gpt2,
 *       opt, bloom, falcon and gemma2 (they keep PretrainedConfig's true); false for llama, mistral, mixtral,
 *       qwen2, qwen2_moe, qwen3, qwen3_moe, deepseek_v2/v3, phi3 and gpt_neox (their classes override it).
 *   <li>{@code num_key_value_heads}: as many as query heads (MHA), as in old Llama-2 and Qwen1.5 files; some
 *       transformers classes default to their flagship's value (Mistral 8) instead.
 *   <li>{@code head_dim}: hidden / heads (MLA models: qk_nope_head_dim + qk_rope_head_dim).
 *   <li>dense MLP width where the format has no key: 4 x hidden (GPT-2 n_inner null, BLOOM, Falcon).
 * </ul>
 * Anything wrong with the file is a {@link MalformedInputException} naming the file and the key. The reader of
 * each family is in {@link org.llmplan.catalog.hf}.
 */
public final class HuggingFaceConfig {
  private HuggingFaceConfig() {}

  /** The weight format of a quantized checkpoint, or empty when it is not quantized. */
  public static Optional<CheckpointFormat> checkpointFormat(Path path) {
    return CheckpointFormat.of(ConfigJson.parse(path));
  }

  /** As {@link #checkpointFormat(Path)} for a config.json given as text, {@code label} standing for its file. */
  public static Optional<CheckpointFormat> checkpointFormat(Path label, String text) {
    return CheckpointFormat.of(ConfigJson.parse(label, text));
  }

  public static ModelSpec read(Path path) {
    return read(ConfigJson.parse(path));
  }

  /** As {@link #read(Path)} for a config.json given as text (no file is opened), {@code label} naming it. */
  public static ModelSpec read(Path label, String text) {
    return read(ConfigJson.parse(label, text));
  }

  private static ModelSpec read(ConfigJson config) {
    try {
      ModelDraft draft = ModelTypes.read(config);
      String quantization = CheckpointFormat.methodOf(config);
      if (quantization != null) {
        draft.note("checkpoint quantized with " + quantization + " (served in that format unless --precision says "
            + "otherwise); counts are parameters, not stored bytes");
      }
      return draft.build();
    } catch (InvalidValueException e) {
      // ModelSpec found values that contradict each other; the file is what has to change.
      throw config.error(e.getMessage());
    }
  }
}
