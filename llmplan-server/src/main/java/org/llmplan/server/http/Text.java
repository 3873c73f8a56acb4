package org.llmplan.server.http;

import java.util.regex.Pattern;

/** Text from a client as it may appear in an answer: bounded in length, without control characters. */
public final class Text {
  /** Longer names are refused before any look-up: a close-match search over them would take seconds. */
  public static final int MAX_NAME_LENGTH = 200;

  private static final int MAX_SHOWN = 1000;
  private static final Pattern JAVA_TYPE = Pattern.compile("`?\\b(java|javax|org|com|io)\\.[\\w.$]+`?");

  private Text() {}

  /**
   * {@code text} cut to a few hundred characters, its control characters and lone surrogates replaced, and no
   * Java type names (which say nothing to a user and tell an attacker what runs inside).
   */
  public static String printable(String text) {
    if (text == null) {
      return "";
    }
    String shown = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text;
    StringBuilder b = new StringBuilder(shown.length());
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < shown.length()
          && Character.isLowSurrogate(shown.charAt(i + 1));
      if (paired) {
        b.append(c).append(shown.charAt(++i));
      } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        b.append('?');
      } else {
        b.append(c);
      }
    }
    return JAVA_TYPE.matcher(b).replaceAll("a value");
  }

  /** The first character of {@code text} that a name may not hold (control, lone surrogate), or -1. */
  public static int badCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
