package org.llmplan.emit;

/**
 * One generated file of a launch bundle.
 *
 * @param path relative path inside the bundle, with forward slashes
 * @param content the whole text of the file
 * @param executable whether the file is a script to be run directly (mode 755)
 */
public record BundleFile(String path, String content, boolean executable) {

  public static BundleFile text(String path, String content) {
    return new BundleFile(path, content, false);
  }

  public static BundleFile script(String path, String content) {
    return new BundleFile(path, content, true);
  }
}
