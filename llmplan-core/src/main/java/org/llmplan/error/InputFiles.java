package org.llmplan.error;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the text files a user names (catalog YAML, config.json, option files): a missing file, a folder, a
 * permission error or a binary file is one line that names the file and says what to change.
 */
public final class InputFiles {
  private InputFiles() {}

  /** The file as UTF-8 text, without a byte-order mark; {@code what} names it in errors ("catalog file"). */
  public static String read(Path path, String what) {
    String prefix = what + " " + path + ": ";
    if (Files.isDirectory(path)) {
      throw new MalformedInputException(prefix + "is a folder; name a file");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new MalformedInputException(prefix + "no such file");
    } catch (AccessDeniedException e) {
      throw new MalformedInputException(prefix + "permission denied; make it readable (chmod u+r) or copy it");
    } catch (IOException e) {
      throw new MalformedInputException(prefix + "cannot read (" + e.getMessage() + ")");
    }
    return text(bytes, prefix);
  }

  /** Bytes as UTF-8 text; a NUL byte or a byte sequence that is not UTF-8 means a binary file. */
  static String text(byte[] bytes, String prefix) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      text = "\0";
    }
    if (text.indexOf('\0') >= 0) {
      throw new MalformedInputException(prefix + "not a text file (binary, or not UTF-8); give a YAML or JSON "
          + "text file");
    }
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }
}
