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
    NumberFormats stored = HuggingFaceConfig.checkpointFormat(LABEL, text).map(q -> NumberFormats.builder()
        .precision(q.precision()).groupSize(q.groupSize()).build()).orElse(NumberFormats.UNSET);
    return new InlineModel(HuggingFaceConfig.read(LABEL, text), stored);
  }
}
