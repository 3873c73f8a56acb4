package org.llmplan.emit;

/**
 * One generated file of a launch bundle, with what the bundle README says about it.
 *
 * @param path relative path inside the bundle, with forward slashes
 * @param content the whole text of the file
 * @param executable whether the file is a script to be run directly (mode 755)
 * @param description one line for the README's file table
 * @param note a README paragraph on how to use the file, or null
 */
public record BundleFile(String path, String content, boolean executable, String description, Note note) {

  /** A paragraph of the README, under the section (for example "Launch" or "Monitor") it belongs to. */
  public record Note(String section, String text) {}

  public static BundleFile text(String path, String description, String content) {
    return new BundleFile(path, content, false, description, null);
  }

  public static BundleFile script(String path, String description, String content) {
    return new BundleFile(path, content, true, description, null);
  }

  /** The same file with a README paragraph about it. */
  public BundleFile withNote(String section, String text) {
    return new BundleFile(path, content, executable, description, new Note(section, text));
  }
}
