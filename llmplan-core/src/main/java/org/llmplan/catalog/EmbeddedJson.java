package org.llmplan.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded catalog files as JSON, read with the catalog's strict YAML rules and written to a folder that
 * {@code -Dllmplan.catalog.json=DIR} names: a cold JVM parses JSON several times faster than YAML, the largest
 * share of a single plan's start-up after the JVM's own. ./llmplan writes the folder next to the jar, with the
 * class-data archive, whenever the jar is newer; the YAML in the jar stays the source.
 */
public final class EmbeddedJson {
  /** The system property naming the folder. */
  static final String PROPERTY = "llmplan.catalog.json";

  private EmbeddedJson() {}

  /** {@code args[0]}: the folder to write gpus.json, models.json, ... to (created if missing). */
  public static void main(String[] args) throws IOException {
    ObjectMapper yaml = CatalogYaml.mapper();
    ObjectMapper json = new ObjectMapper();
    Path folder = Files.createDirectories(Path.of(args[0]));
    for (String file : Catalog.EMBEDDED.keySet()) {
      String origin = "embedded " + file;
      Files.writeString(folder.resolve(jsonName(file)), json.writeValueAsString(
          CatalogYaml.parse(yaml, Catalog.embeddedText(file), origin)));
    }
  }

  /** gpus.yaml -> gpus.json. */
  static String jsonName(String yamlFile) {
    return yamlFile.replaceFirst("\\.yaml$", ".json");
  }

  /** The JSON of an embedded file when the property names a folder holding it; else null (read the YAML). */
  static String text(String yamlFile) {
    String folder = System.getProperty(PROPERTY);
    if (folder == null || folder.isBlank()) {
      return null;
    }
    Path file = Path.of(folder, jsonName(yamlFile));
    try {
      return Files.isRegularFile(file) ? Files.readString(file) : null;
    } catch (IOException e) {
      return null; // an unreadable cache only costs the YAML parse
    }
  }
}
