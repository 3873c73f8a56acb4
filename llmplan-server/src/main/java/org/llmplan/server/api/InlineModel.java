package org.llmplan.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.llmplan.catalog.HuggingFaceConfig;
import org.llmplan.error.InvalidValueException;
import org.llmplan.model.ModelSpec;
import org.llmplan.request.NumberFormats;

/**
 * A Hugging Face {@code config.json} carried in a request's {@code modelConfig} field instead of a catalog name
 * in {@code model}: read by the command line's reader from the request's own text, so no file is opened.
 *
 * @param model the model the config describes
 * @param stored the weight format a quantized checkpoint is stored in (unset for 16-bit ones)
 */
record InlineModel(ModelSpec model, NumberFormats stored) {
  static final String FIELD = "modelConfig";

  /** Real configs are a few kB (Llama 3.1 405B: 1 kB; DeepSeek-V3: 2 kB); more is not a config. */
  static final int MAX_CHARACTERS = 64 * 1024;

  /**
   * No config.json holds a larger number: the 30 of the core's tests top out at 1,000,000 (Qwen's rope_theta);
   * vocabularies and context lengths are below 10^7. A layer count of 2^31 would keep a thread counting for
   * seconds before any deadline applies.
   */
  static final double MAX_NUMBER = 1e8;

  /** What names the config in messages, in the model's name (unless it has _name_or_path) and its source. */
  private static final Path LABEL = Path.of(FIELD);

  /** Takes {@code modelConfig} out of {@code body} and reads it; null when the body has none. */
  static InlineModel take(ObjectNode body) {
    JsonNode config = body.remove(FIELD);
    if (config == null || config.isNull()) {
      return null;
    }
    if (!config.isObject()) {
      throw new InvalidValueException(FIELD + ": give the config.json object itself, e.g. "
          + "{\"model_type\": \"llama\", \"hidden_size\": 4096, ...}");
    }
    if (body.hasNonNull("model")) {
      throw new InvalidValueException("give model (a catalog name) or " + FIELD + " (a config.json object), "
          + "not both");
    }
    String text = config.toString();
    if (text.length() > MAX_CHARACTERS) {
      throw new InvalidValueException(FIELD + " is " + text.length() + " characters; a config.json is at most "
          + MAX_CHARACTERS);
    }
    requireModestNumbers(config, FIELD);
    NumberFormats stored = HuggingFaceConfig.checkpointFormat(LABEL, text).map(q -> NumberFormats.builder()
        .precision(q.precision()).groupSize(q.groupSize()).build()).orElse(NumberFormats.UNSET);
    return new InlineModel(HuggingFaceConfig.read(LABEL, text), stored);
  }

  private static void requireModestNumbers(JsonNode node, String path) {
    if (node.isNumber() && !(Math.abs(node.doubleValue()) <= MAX_NUMBER)) {
      throw new InvalidValueException(path + ": " + node + " is larger than any config.json value (at most 1e8)");
    }
    if (node.isObject()) {
      node.properties().forEach(e -> requireModestNumbers(e.getValue(), path + "." + e.getKey()));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        requireModestNumbers(node.get(i), path + "[" + i + "]");
      }
    }
  }
}
