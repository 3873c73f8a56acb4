package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's input checks, each through the command line: one line on stderr that names the file and says what
 * to change, exit code 2, never a Java exception's name.
 */
class InputChecksTest {
  @TempDir
  Path dir;

  private static void refused(CliRunner r, String... expected) {
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(Main.USAGE_ERROR);
    assertThat(r.err()).startsWith("error: ").hasLineCount(1).doesNotContain("Exception").contains(expected);
  }

  @Test
  void aDuplicateKeyInACatalogFileIsRefused() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("dup"));
    Files.writeString(folder.resolve("gpus.yaml"), "gpus:\n  - name: h100\n    name: h200\n");
    refused(CliRunner.run("catalog", "list", "gpus", "--catalog", folder.toString()), "gpus.yaml",
        "Duplicate field 'name'");
  }

  @Test
  void aBinaryCatalogFileIsRefusedAsNotText() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("bin"));
    Files.write(folder.resolve("gpus.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
    refused(CliRunner.run("catalog", "list", "gpus", "--catalog", folder.toString()), "gpus.yaml",
        "not a text file");
  }

  @Test
  void anUnreadableCatalogFileSaysHowToFixIt() throws IOException {
    assumeFalse("root".equals(System.getProperty("user.name")), "root reads any file");
    Path folder = Files.createDirectories(dir.resolve("perm"));
    Path file = Files.writeString(folder.resolve("gpus.yaml"), "gpus: []\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    refused(CliRunner.run("catalog", "list", "gpus", "--catalog", folder.toString()), "gpus.yaml",
        "permission denied; make it readable");
  }

  @Test
  void textAfterTheJsonOfAConfigJsonIsRefused() throws IOException {
    Path config = Files.writeString(dir.resolve("config.json"), """
        {"model_type": "llama", "hidden_size": 64, "intermediate_size": 256, "num_hidden_layers": 2,
         "num_attention_heads": 4, "num_key_value_heads": 4, "vocab_size": 1000, "max_position_embeddings": 128}
        {"second": "document"}
        """);
    refused(CliRunner.run("memory", "weights", "--model", config.toString(), "--gpu", "h100"), "config.json");
  }

  @Test
  void anArgumentFileHoldsOptionsOnePerLine() throws IOException {
    Path args = Files.writeString(dir.resolve("llama8b.args"), "--model\nllama-3.1-8b\n--gpu\nh100\n");
    CliRunner fromFile = CliRunner.run("memory", "weights", "@" + args);
    CliRunner typed = CliRunner.run("memory", "weights", "--model", "llama-3.1-8b", "--gpu", "h100");
    assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
    assertThat(fromFile.out()).isEqualTo(typed.out());
  }
}
