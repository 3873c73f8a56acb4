package org.llmplan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON ./llmplan writes of the embedded catalog reads back as the same catalog as its YAML. */
class EmbeddedJsonTest {
  @Test
  void theJsonFilesHoldTheSameEntriesAsTheYaml(@TempDir Path dir) throws Exception {
    EmbeddedJson.main(new String[] {dir.toString()});
    for (String file : Catalog.EMBEDDED.keySet()) {
      assertThat(dir.resolve(EmbeddedJson.jsonName(file))).isRegularFile();
    }
    Catalog fromYaml = Catalog.embedded();
    String before = System.getProperty(EmbeddedJson.PROPERTY);
    System.setProperty(EmbeddedJson.PROPERTY, dir.toString());
    try {
      assertThat(EmbeddedJson.text("gpus.yaml")).isEqualTo(Files.readString(dir.resolve("gpus.json")));
      Catalog fromJson = Catalog.embedded();
      // records compare field by field: every entry of every list is the same
      assertThat(fromJson.gpus()).isEqualTo(fromYaml.gpus());
      assertThat(fromJson.models()).isEqualTo(fromYaml.models());
      assertThat(fromJson.nodes()).isEqualTo(fromYaml.nodes());
      assertThat(fromJson.fabrics()).isEqualTo(fromYaml.fabrics());
      assertThat(fromJson.clusters()).isEqualTo(fromYaml.clusters());
      assertThat(fromJson.frameworks()).isEqualTo(fromYaml.frameworks());
      assertThat(fromJson.storage()).isEqualTo(fromYaml.storage());
      assertThat(fromJson.engines()).isEqualTo(fromYaml.engines());
    } finally {
      if (before == null) {
        System.clearProperty(EmbeddedJson.PROPERTY);
      } else {
        System.setProperty(EmbeddedJson.PROPERTY, before);
      }
    }
  }

  @Test
  void withoutTheFolderTheYamlIsRead(@TempDir Path empty) {
    System.setProperty(EmbeddedJson.PROPERTY, empty.toString());
    try {
      assertThat(EmbeddedJson.text("gpus.yaml")).isNull();
      assertThat(Catalog.embedded().gpu("h100").name()).isEqualTo("h100-sxm");
    } finally {
      System.clearProperty(EmbeddedJson.PROPERTY);
    }
  }
}
