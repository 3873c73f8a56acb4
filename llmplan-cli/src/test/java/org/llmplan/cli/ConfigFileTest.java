package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --config FILE: options as defaults, per command or for all, with the command line winning. */
class ConfigFileTest {
  @TempDir
  Path dir;

  private Path config(String yaml) throws IOException {
    return Files.writeString(dir.resolve("llmplan.yaml"), yaml);
  }

  @Test
  void optionsComeFromTheFileAndTheCommandLineOverridesThem() throws IOException {
    Path file = config("gpu: a100-80gb\nmemory train:\n  model: llama-3.1-8b\n  framework: hf\n  micro-batch: 4\n");
    CliRunner fromFile = CliRunner.run("--config", file.toString(), "memory", "train", "--json");
    assertThat(fromFile.exitCode()).as(fromFile.err()).isEqualTo(Main.ANSWER_IS_NO);
    assertThat(fromFile.json().get("gpu").asText()).isEqualTo("a100-80gb");
    assertThat(fromFile.json().get("layout").get("microBatch").asInt()).isEqualTo(4);
    CliRunner overridden = CliRunner.run("--config", file.toString(), "memory", "train", "--micro-batch", "1",
        "--gpu", "h100", "--json");
    assertThat(overridden.json().get("gpu").asText()).isEqualTo("h100-sxm");
    assertThat(overridden.json().get("layout").get("microBatch").asInt()).isEqualTo(1);
  }

  @Test
  void anUnknownOptionDuplicateKeyOrBinaryFileIsOneLine() throws IOException {
    Path unknown = config("train:\n  tokenz: 15T\n");
    CliRunner r = CliRunner.run("--config", unknown.toString(), "train", "--model", "llama-3.1-8b", "--gpu", "h100");
    assertThat(r.exitCode()).isEqualTo(Main.USAGE_ERROR);
    assertThat(r.err()).contains("'train' has no option --tokenz");
    Path duplicate = config("gpu: h100\ngpu: a100\n");
    CliRunner d = CliRunner.run("--config", duplicate.toString(), "catalog", "list", "gpus");
    assertThat(d.exitCode()).isEqualTo(Main.USAGE_ERROR);
    assertThat(d.err()).contains("Duplicate field 'gpu'");
    Path binary = Files.write(dir.resolve("b.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
    CliRunner b = CliRunner.run("--config", binary.toString(), "catalog", "list", "gpus");
    assertThat(b.err().strip()).endsWith("not a text file (binary, or not UTF-8); give a YAML or JSON text file");
    assertThat(b.err().strip().lines()).hasSize(1);
  }
}
