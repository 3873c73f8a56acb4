package org.llmplan.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmplan.error.MalformedInputException;

class PublishedTrainingDataTest {
  @TempDir
  Path dir;

  @Test
  void readsEveryRowWithEmptyCellsAsNull() {
    assertThat(PublishedRows.ALL).hasSize(184);
    PublishedTrainingRow t001 = PublishedRows.row("T001");
    assertThat(t001.model()).isEqualTo("GPT-3-style 1.7B (Megatron-LM weak scaling)");
    assertThat(t001.numGpus()).isEqualTo(32);
    assertThat(t001.tflopsPerGpu()).isEqualTo(137.0);
    assertThat(t001.mfuPct()).isNull();
    assertThat(t001.vp()).isNull();
    assertThat(PublishedRows.row("T156").params()).isEqualTo("64862437376");
  }

  @Test
  void extraColumnsAreIgnored() throws IOException {
    Path file = dir.resolve("extra.csv");
    Files.writeString(file, PublishedRows.header() + ",comment\n"
        + PublishedRows.line(java.util.Map.of("id", "X1", "model", "MPT-7B")) + ",hello\n");
    assertThat(PublishedTrainingData.read(file)).singleElement().extracting(PublishedTrainingRow::id)
        .isEqualTo("X1");
  }

  @Test
  void aMissingColumnIsNamed() throws IOException {
    Path file = dir.resolve("short.csv");
    Files.writeString(file, PublishedRows.header().replace(",num_gpus,", ",gpus,") + "\nT1\n");
    assertThatThrownBy(() -> PublishedTrainingData.read(file)).isInstanceOf(MalformedInputException.class)
        .hasMessage(file + ": missing column num_gpus (the columns are listed in validation/README.md)");
  }

  @Test
  void aBadNumberNamesTheLineAndColumn() {
    Path file = PublishedRows.csv(dir, PublishedRows.line(java.util.Map.of("id", "X1", "num_gpus", "many")));
    assertThatThrownBy(() -> PublishedTrainingData.read(file)).isInstanceOf(MalformedInputException.class)
        .hasMessageStartingWith(file + " line 2: ").hasMessageContaining("num_gpus").hasMessageContaining("many");
  }

  @Test
  void missingAndEmptyFilesAreOneLine() throws IOException {
    assertThatThrownBy(() -> PublishedTrainingData.read(dir.resolve("nope.csv")))
        .isInstanceOf(MalformedInputException.class).hasMessageEndingWith("nope.csv: no such file");
    Path empty = Files.createFile(dir.resolve("empty.csv"));
    assertThatThrownBy(() -> PublishedTrainingData.read(empty)).hasMessage(empty + ": the file is empty");
    Path headerOnly = PublishedRows.csv(dir);
    assertThatThrownBy(() -> PublishedTrainingData.read(headerOnly)).hasMessageEndingWith("no rows below the header");
  }
}
