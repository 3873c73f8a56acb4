package org.llmplan.error;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads one of a closed set of labels typed by a user; a miss lists the labels it accepts. */
public final class Choices {
  private Choices() {}

  public static <E> E parse(String what, String text, E[] values, Function<E, String> label) {
    String wanted = text == null ? "" : text.trim();
    for (E value : values) {
      if (label.apply(value).equalsIgnoreCase(wanted)) {
        return value;
      }
    }
    throw new InvalidValueException("unknown " + what + " '" + text + "': use one of "
        + Arrays.stream(values).map(label).collect(Collectors.joining(", ")));
  }
}
