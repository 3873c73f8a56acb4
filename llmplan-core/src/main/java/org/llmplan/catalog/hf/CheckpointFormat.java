package org.llmplan.catalog.hf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;

/**
 * The weight format a quantized checkpoint is stored in, read from config.json's quantization_config, so that
 * serving plans it as it is (an AWQ 4-bit model is not planned as bf16).
 *
 * @param precision the weight format as --precision names it: int4, int8, fp8 or fp4
 * @param groupSize input channels per scale of a group-quantized format (128 when the file says per channel)
 * @param method the quant_method, for notes
 */
public record CheckpointFormat(String precision, int groupSize, String method) {
  private static final int DEFAULT_GROUP = 128;

  /** quantization_config.quant_method, or null when the checkpoint is not quantized. */
  public static String methodOf(ConfigJson config) {
    JsonNode q = config.node("quantization_config");
    return q != null && q.isObject() && q.hasNonNull("quant_method") ? q.get("quant_method").asText() : null;
  }

  /** The format of the file's quantization_config, or empty when the checkpoint is not quantized. */
  public static Optional<CheckpointFormat> of(ConfigJson config) {
    JsonNode q = config.node("quantization_config");
    if (q == null || !q.isObject()) {
      return Optional.empty();
    }
    String method = q.path("quant_method").asText("").toLowerCase(Locale.ROOT);
    String precision = switch (method) {
      case "awq", "gptq", "auto-round", "hqq" -> integer(q.path("bits").asInt(q.path("w_bit").asInt(4)));
      case "fp8", "fbgemm_fp8" -> "fp8";
      case "bitsandbytes" -> q.path("load_in_4bit").asBoolean(false) ? "int4" : "int8";
      case "modelopt" -> q.path("quant_algo").asText("").toUpperCase(Locale.ROOT).contains("FP4") ? "fp4" : "fp8";
      case "compressed-tensors" -> compressedTensors(q);
      default -> null;
    };
    if (precision == null) {
      throw config.error("quantization_config: quant_method '" + method + "' is not read (known: awq, gptq, fp8, "
          + "modelopt, compressed-tensors, bitsandbytes); pass --precision to say how the weights are stored");
    }
    int group = q.path("group_size").asInt(q.path("q_group_size").asInt(method.equals("bitsandbytes") ? 64
        : DEFAULT_GROUP));
    return Optional.of(new CheckpointFormat(precision, group > 0 ? group : DEFAULT_GROUP, method));
  }

  private static String integer(int bits) {
    return bits <= 4 ? "int4" : "int8";
  }

  /** compressed-tensors (llm-compressor): the weights of the first config group say the format. */
  private static String compressedTensors(JsonNode q) {
    String format = q.path("format").asText("");
    if (format.contains("nvfp4")) {
      return "fp4";
    }
    for (JsonNode group : q.path("config_groups")) {
      JsonNode w = group.path("weights");
      int bits = w.path("num_bits").asInt(8);
      return w.path("type").asText("int").equals("float") ? (bits <= 4 ? "fp4" : "fp8") : integer(bits);
    }
    return format.contains("float") ? "fp8" : "int8";
  }
}
