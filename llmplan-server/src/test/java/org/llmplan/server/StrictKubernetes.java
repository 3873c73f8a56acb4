package org.llmplan.server;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Strict parsing of core Kubernetes kinds with the fabric8 model classes (the Java form of the API's OpenAPI
 * types). fabric8 keeps fields it does not know in each object's additionalProperties instead of failing, so
 * this walks the parsed object and reports every such field with its path: a misspelt key (readinesProbe) or
 * a key at the wrong level is an error, like kubectl's strict field validation.
 */
final class StrictKubernetes {
  private static final YAMLMapper YAML = new YAMLMapper();

  private StrictKubernetes() {}

  static <T> T parse(Path file, Class<T> kind) {
    try {
      return YAML.readValue(file.toFile(), kind);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static <T> T parse(String yaml, Class<T> kind) {
    try {
      return YAML.readValue(yaml, kind);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "path: field" for each field the model does not declare; empty when the object is strictly valid. */
  static List<String> unknownFields(Object object) {
    List<String> out = new ArrayList<>();
    walk(object, "", out);
    return out;
  }

  private static void walk(Object o, String path, List<String> out) {
    if (o == null) {
      return;
    }
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object item : c) {
        walk(item, path + "[" + i++ + "]", out);
      }
      return;
    }
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> walk(v, path + "." + k, out));
      return;
    }
    if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : o.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
        continue;
      }
      Object value = invoke(getter, o);
      if (getter.getName().equals("getAdditionalProperties")) {
        ((Map<?, ?>) value).keySet().forEach(k -> out.add(path + ": unknown field " + k));
      } else {
        walk(value, path + "." + getter.getName().substring(3), out);
      }
    }
  }

  private static Object invoke(Method getter, Object o) {
    try {
      return getter.invoke(o);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(getter + " of " + o.getClass(), e);
    }
  }
}
