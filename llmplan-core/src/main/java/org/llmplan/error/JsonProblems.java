package org.llmplan.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.stream.Collectors;
import org.llmplan.error.PlanInputException;

/** Turns a Jackson parse error into one line a user can act on, without Java class names. */
public final class JsonProblems {
  private JsonProblems() {}

  public static String describe(JsonProcessingException e) {
    if (e.getCause() instanceof PlanInputException input) {
      return input.getMessage();
    }
    if (e instanceof UnrecognizedPropertyException u) {
      String known = u.getKnownPropertyIds().stream().map(String::valueOf).sorted()
          .collect(Collectors.joining(", "));
      return "unknown field '" + u.getPropertyName() + "'" + where(u) + "; known fields: " + known;
    }
    if (e instanceof InvalidFormatException f) {
      return "field " + path(f) + ": cannot read '" + f.getValue() + "' as "
          + f.getTargetType().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
    String message = e.getOriginalMessage();
    int nl = message == null ? -1 : message.indexOf('\n');
    return (nl < 0 ? String.valueOf(message) : message.substring(0, nl)).replaceAll(" \\(class [^)]*\\)", "");
  }

  private static String where(JsonMappingException e) {
    String p = path(e);
    int dot = p.lastIndexOf('.');
    return dot > 0 ? " in " + p.substring(0, dot) : "";
  }

  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        b.append(b.length() > 0 ? "." : "").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }
}
