package org.llmplan.emit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders command words for bash and for Kubernetes. Words are kept in one neutral form in which an
 * environment reference is written {@code ${NAME}}: bash expands it inside double quotes, and Kubernetes
 * expands the {@code $(NAME)} form in command, args and env values (from variables declared before it).
 */
public final class Shell {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:,+@%-][A-Za-z0-9_./:=,+@%-]*");
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private Shell() {}

  /** One word quoted for bash: bare when safe, double quotes when it expands a variable, else single quotes. */
  public static String quote(String word) {
    if (PLAIN.matcher(word).matches()) {
      return word;
    }
    if (word.contains("${")) {
      return "\"" + word.replaceAll("([\"\\\\`])", "\\\\$1") + "\"";
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** A command over several lines, a new line before each --flag, continued with backslashes. */
  public static String command(List<String> words, String indent) {
    return String.join(" \\\n" + indent, lines(words));
  }

  /** The words grouped into lines: each --flag with the values that follow it. */
  public static List<String> lines(List<String> words) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String w : words) {
      if (line.length() > 0 && w.startsWith("-") && !isNumber(w)) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() > 0 ? " " : "").append(quote(w));
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }

  /** Exports with defaults the user may override from the environment: {@code : "${X:=default}"}. */
  public static String defaults(Map<String, String> settings) {
    StringBuilder b = new StringBuilder();
    settings.forEach((k, v) -> b.append(": \"${").append(k).append(":=").append(v).append("}\"\n"));
    if (!settings.isEmpty()) {
      b.append("export ").append(String.join(" ", settings.keySet())).append('\n');
    }
    return b.toString();
  }

  /** Fixed exports: {@code export K=V}. */
  public static String exports(Map<String, String> environment) {
    StringBuilder b = new StringBuilder();
    environment.forEach((k, v) -> b.append("export ").append(k).append('=').append(quote(v)).append('\n'));
    return b.toString();
  }

  /** The word in Kubernetes' form: {@code ${NAME}} becomes {@code $(NAME)}. */
  public static String kubernetes(String word) {
    return REFERENCE.matcher(word).replaceAll("\\$($1)");
  }

  public static List<String> kubernetes(List<String> words) {
    List<String> out = new ArrayList<>();
    words.forEach(w -> out.add(kubernetes(w)));
    return out;
  }

  private static boolean isNumber(String word) {
    return word.matches("-?[0-9.eE+-]+");
  }
}
