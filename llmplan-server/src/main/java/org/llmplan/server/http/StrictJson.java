package org.llmplan.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import org.llmplan.error.InvalidValueException;
import org.llmplan.error.JsonProblems;
import org.llmplan.error.MalformedInputException;

/**
 * Request bodies read strictly: {@code application/json} only, one JSON object and nothing after it, integers
 * where integers are due ({@code "tp": 1.9} is refused, not read as 1), no field twice, and no text value
 * with a control character, a lone surrogate or more than {@value Text#MAX_NAME_LENGTH} characters. Every
 * mistake is a {@link MalformedInputException} or {@link InvalidValueException} whose message names the field.
 */
public final class StrictJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  private StrictJson() {}

  /** The body of {@code ctx} as a JSON object, after the checks above. */
  public static ObjectNode object(Context ctx) {
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).split(";")[0].trim().equals("application/json")) {
      throw new UnsupportedMediaType("send the body as Content-Type: application/json");
    }
    return object(ctx.body());
  }

  /** {@code text} as a JSON object, after the checks above. */
  public static ObjectNode object(String text) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new MalformedInputException("request body: " + describe(e, null));
    }
    if (tree == null || !tree.isObject()) {
      throw new InvalidValueException("the request body must be a JSON object");
    }
    checkText(tree, "");
    return (ObjectNode) tree;
  }

  /** {@code tree} read as {@code type}; a mistake names the field and what it should hold. */
  public static <T> T read(JsonNode tree, Class<T> type) {
    try {
      T value = MAPPER.treeToValue(tree, type);
      if (value == null) {
        throw new InvalidValueException("the request body must be a JSON object");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new MalformedInputException("request body: " + describe(e, tree));
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException("request body: " + Text.printable(e.getMessage()));
    }
  }

  private static void checkText(JsonNode node, String path) {
    if (node.isTextual()) {
      String text = node.textValue();
      int bad = Text.badCharacter(text);
      if (bad >= 0) {
        throw new InvalidValueException(field(path) + " holds a control character or a lone surrogate at "
            + "position " + bad + ": remove it");
      }
      if (text.length() > Text.MAX_NAME_LENGTH) {
        throw new InvalidValueException(field(path) + " is " + text.length() + " characters long; values are at "
            + "most " + Text.MAX_NAME_LENGTH);
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (Text.badCharacter(e.getKey()) >= 0 || e.getKey().length() > Text.MAX_NAME_LENGTH) {
          throw new InvalidValueException("request body: a field name holds a control character or is too long");
        }
        checkText(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey());
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        checkText(node.get(i), path + "[" + i + "]");
      }
    }
  }

  private static String field(String path) {
    return path.isEmpty() ? "the request body" : "field " + path;
  }

  /** One line on a Jackson error, in terms of fields and JSON values, never Java types. */
  static String describe(JsonProcessingException e, JsonNode tree) {
    if (e instanceof MismatchedInputException m && m.getTargetType() != null
        && !(e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException)
        && !(e.getCause() instanceof org.llmplan.error.PlanInputException)) {
      String path = path(m.getPath());
      JsonNode found = tree == null ? null : tree.at(pointer(m.getPath()));
      String shown = found == null || found.isMissingNode() ? "" : ", found " + Text.printable(found.toString());
      return (path.isEmpty() ? "the body" : "field " + path) + ": expected " + kind(m.getTargetType()) + shown;
    }
    return Text.printable(JsonProblems.describe(e));
  }

  private static String kind(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (type == Double.class || type == double.class || type == Float.class) {
      return "a number";
    }
    if (type == String.class) {
      return "text";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (List.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    return "an object";
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) {
        b.append(b.length() > 0 ? "." : "").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private static String pointer(List<JsonMappingException.Reference> refs) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) {
        b.append('/').append(r.getFieldName().replace("~", "~0").replace("/", "~1"));
      } else if (r.getIndex() >= 0) {
        b.append('/').append(r.getIndex());
      }
    }
    return b.toString();
  }

  /** A body sent as something other than JSON: HTTP 415. */
  public static final class UnsupportedMediaType extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedMediaType(String message) {
      super(message);
    }
  }
}
