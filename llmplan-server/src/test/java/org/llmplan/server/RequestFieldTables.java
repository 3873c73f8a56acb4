package org.llmplan.server;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.llmplan.request.FlatJson;
import org.llmplan.request.InferenceRequest;
import org.llmplan.request.TrainingRequest;
import org.llmplan.search.TrainingSearchRequest;
import org.llmplan.serve.ServeRequest;
import org.llmplan.serve.ServeSearchRequest;

/**
 * The field tables of docs/api.md, written from the request records: one row per part (its name and what it
 * holds), with each field's JSON name and type. A table stands between {@code <!-- request fields: NAME -->}
 * and {@code <!-- end of request fields -->}; {@link #regenerate} rewrites every such table.
 */
final class RequestFieldTables {
  /** The request bodies of the API, by the name their table is marked with. */
  static final Map<String, Class<?>> BODIES = new LinkedHashMap<>();

  static {
    BODIES.put("TrainingRequest", TrainingRequest.class);
    BODIES.put("TrainingSearchRequest", TrainingSearchRequest.class);
    BODIES.put("InferenceRequest", InferenceRequest.class);
    BODIES.put("ServeRequest", ServeRequest.class);
    BODIES.put("ServeSearchRequest", ServeSearchRequest.class);
  }

  private static final Pattern TABLE = Pattern.compile(
      "(<!-- request fields: (\\w+) -->\n)(.*?)(<!-- end of request fields -->)", Pattern.DOTALL);

  private RequestFieldTables() {}

  /** {@code doc} with every marked table written afresh from its record. */
  static String regenerate(String doc) {
    Matcher m = TABLE.matcher(doc);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Class<?> body = BODIES.get(m.group(2));
      if (body == null) {
        throw new IllegalArgumentException("docs/api.md marks a table for " + m.group(2) + ", which is no request "
            + "body; use one of " + BODIES.keySet());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + table(body) + m.group(4)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The names of the bodies whose tables {@code doc} marks. */
  static List<String> marked(String doc) {
    List<String> names = new ArrayList<>();
    Matcher m = TABLE.matcher(doc);
    while (m.find()) {
      names.add(m.group(2));
    }
    return names;
  }

  static String table(Class<?> body) {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (FlatJson.Field f : FlatJson.fields(body)) {
      rows.computeIfAbsent(part(f.part()), k -> new ArrayList<>()).add("`" + f.name() + "` " + type(f.type()));
    }
    StringBuilder b = new StringBuilder("| part | fields |\n|---|---|\n");
    rows.forEach((part, fields) -> b.append("| ").append(part).append(" | ").append(String.join(", ", fields))
        .append(" |\n"));
    return b.toString();
  }

  private static String part(RecordComponent part) {
    if (part == null) {
      return "(the request itself)";
    }
    JsonClassDescription d = part.getType().getAnnotation(JsonClassDescription.class);
    return "`" + part.getName() + "`" + (d == null ? "" : ": " + d.value());
  }

  private static String type(Type t) {
    if (t instanceof ParameterizedType p && p.getRawType() == List.class) {
      Type element = p.getActualTypeArguments()[0];
      // The API reads a single value where a list is expected (ACCEPT_SINGLE_VALUE_AS_ARRAY).
      return "(" + name(element) + " or list of " + name(element) + ")";
    }
    return "(" + name(t) + ")";
  }

  private static String name(Type t) {
    if (t == String.class) {
      return "text";
    }
    if (t == Integer.class || t == Long.class) {
      return "integer";
    }
    if (t == Double.class) {
      return "number";
    }
    if (t == Boolean.class) {
      return "true/false";
    }
    if (t instanceof Class<?> c && c.isRecord()) {
      return "object: " + c.getSimpleName();
    }
    throw new IllegalArgumentException("no JSON name for " + t);
  }
}
