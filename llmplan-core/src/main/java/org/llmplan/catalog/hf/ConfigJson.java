package org.llmplan.catalog.hf;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.llmplan.error.InputFiles;
import org.llmplan.error.MalformedInputException;
import org.llmplan.model.ModelNumerics;

/** A parsed config.json with typed look-ups whose errors name the file and the key. */
public final class ConfigJson {
  // Python's json module writes NaN and Infinity, so saved configs may hold them.
  // A repeated key or text after the object means a damaged file: refused rather than half read.
  private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private final Path path;
  private final JsonNode root;

  private ConfigJson(Path path, JsonNode root) {
    this.path = path;
    this.root = root;
  }

  public static ConfigJson parse(Path path) {
    return parse(path, InputFiles.read(path, "config.json at"));
  }

  /**
   * {@code text} read as a config.json, such as one pasted into a request: {@code path} names it in messages and
   * in the model's name and source, and is never opened.
   */
  public static ConfigJson parse(Path path, String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new MalformedInputException(prefix(path) + "not valid JSON" + where + ": "
          + firstLine(e.getOriginalMessage()));
    }
    if (root == null || root.isMissingNode()) {
      throw new MalformedInputException(prefix(path) + "the file is empty");
    }
    if (!root.isObject()) {
      throw new MalformedInputException(prefix(path) + "expected a JSON object, found " + kind(root));
    }
    return new ConfigJson(path, root);
  }

  /** The object under {@code key} (a multimodal model's text_config) read with the same look-ups. */
  public ConfigJson nested(String key) {
    JsonNode inner = root.get(key);
    if (inner == null || !inner.isObject()) {
      throw error("missing " + key + " (an object with the language model's keys)");
    }
    return new ConfigJson(path, inner);
  }

  private static String prefix(Path path) {
    return "config.json at " + path + ": ";
  }

  public Path path() {
    return path;
  }

  public MalformedInputException error(String what) {
    return new MalformedInputException(prefix(path) + what);
  }

  /** _name_or_path when the file has one, else the folder holding config.json, else the file name. */
  public String modelName() {
    String named = text("_name_or_path", "");
    if (!named.isBlank()) {
      return named;
    }
    Path file = path.toAbsolutePath().normalize();
    String fileName = file.getFileName() == null ? "" : file.getFileName().toString();
    if (fileName.equals("config.json") && file.getParent() != null && file.getParent().getFileName() != null) {
      return file.getParent().getFileName().toString();
    }
    return fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
  }

  /** The value of a top-level key, or null. */
  JsonNode node(String key) {
    return root.get(key);
  }

  /** The first of the keys that is present and not null, or null. */
  private String keyOf(String... keys) {
    for (String key : keys) {
      if (root.hasNonNull(key)) {
        return key;
      }
    }
    return null;
  }

  public int positiveInt(String... keys) {
    String key = keyOf(keys);
    if (key == null) {
      throw error("missing " + String.join(" or ", keys));
    }
    return atLeast(key, 1);
  }

  public int nonNegativeInt(String key) {
    if (keyOf(key) == null) {
      throw error("missing " + key);
    }
    return atLeast(key, 0);
  }

  public int optionalPositiveInt(int fallback, String... keys) {
    String key = keyOf(keys);
    return key == null ? fallback : atLeast(key, 1);
  }

  public Integer optionalNonNegativeInt(Integer fallback, String... keys) {
    String key = keyOf(keys);
    return key == null ? fallback : atLeast(key, 0);
  }

  private int atLeast(String key, int min) {
    int value = wholeNumber(key, root.get(key));
    if (value < min) {
      throw error(key + " must be " + (min == 1 ? "positive" : "zero or more") + ", got " + value);
    }
    return value;
  }

  private int wholeNumber(String key, JsonNode node) {
    if (node.isIntegralNumber() && node.canConvertToInt()) {
      return node.intValue();
    }
    if (node.isFloatingPointNumber()) {
      double v = node.doubleValue();
      if (v == Math.rint(v) && Math.abs(v) <= Integer.MAX_VALUE) {
        return (int) v;
      }
    }
    throw error(key + " must be a whole number, got " + shown(node));
  }

  /** The first of {@code keys} that holds a number, or null when none does. */
  public Double optionalNumber(String... keys) {
    for (String key : keys) {
      JsonNode node = root.get(key);
      if (node != null && node.isNumber()) {
        return node.doubleValue();
      }
    }
    return null;
  }

  /**
   * rotary base, scaling and norm epsilon (rope_theta, rope_scaling, rms_norm_eps or layer_norm_eps): they change
   * no count, so what a config leaves out stays unknown.
   */
  public ModelNumerics numerics() {
    JsonNode s = root.get("rope_scaling");
    ModelNumerics.RopeScaling scaling = null;
    if (s != null && s.isObject() && s.path("factor").isNumber()) {
      scaling = new ModelNumerics.RopeScaling(s.path("rope_type").asText(s.path("type").asText("")),
          s.path("factor").doubleValue(), s.path("low_freq_factor").asDouble(0), s.path("high_freq_factor").asDouble(0),
          s.path("original_max_position_embeddings").asInt(0));
    }
    return new ModelNumerics(optionalNumber("rope_theta"), scaling,
        optionalNumber("rms_norm_eps", "layer_norm_eps", "layer_norm_epsilon", "norm_epsilon"));
  }

  public boolean bool(String key, boolean fallback) {
    JsonNode node = root.get(key);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isBoolean()) {
      throw error(key + " must be true or false, got " + shown(node));
    }
    return node.booleanValue();
  }

  public String text(String key, String fallback) {
    JsonNode node = root.get(key);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isTextual()) {
      throw error(key + " must be a string, got " + shown(node));
    }
    return node.textValue();
  }

  public List<Integer> intList(String key) {
    JsonNode node = root.get(key);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw error(key + " must be a list of layer numbers, got " + shown(node));
    }
    List<Integer> values = new ArrayList<>();
    for (JsonNode item : node) {
      values.add(wholeNumber(key, item));
    }
    return values;
  }

  /** Whether any of the dropout rates is above zero; an absent rate takes the family's default. */
  public boolean anyDropout(double fallback, String... keys) {
    for (String key : keys) {
      JsonNode node = root.get(key);
      double rate;
      if (node == null || node.isNull()) {
        rate = fallback;
      } else if (node.isNumber()) {
        rate = node.doubleValue();
      } else {
        throw error(key + " must be a number, got " + shown(node));
      }
      if (rate > 0) {
        return true;
      }
    }
    return false;
  }

  private static String shown(JsonNode node) {
    String text = node.toString();
    return text.length() > 40 ? text.substring(0, 37) + "..." : text;
  }

  private static String kind(JsonNode node) {
    return node.isArray() ? "a list" : node.isTextual() ? "a string" : node.isNumber() ? "a number" : node.toString();
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "unreadable";
    }
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }
}
