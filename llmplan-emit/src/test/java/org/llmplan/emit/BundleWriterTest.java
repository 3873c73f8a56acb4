package org.llmplan.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmplan.error.InvalidValueException;

class BundleWriterTest {
  private static final List<BundleFile> FILES = List.of(BundleFile.text("a/b.txt", "a file", "b\n"),
      BundleFile.script("run.sh", "a script", "#!/bin/bash\n"));

  @Test
  void writesEveryFileWithScriptsExecutable(@TempDir Path dir) throws IOException {
    BundleWriter.write(dir.resolve("out"), FILES, false);
    assertThat(Files.readString(dir.resolve("out/a/b.txt"))).isEqualTo("b\n");
    assertThat(Files.isExecutable(dir.resolve("out/run.sh"))).isTrue();
    assertThat(Files.isExecutable(dir.resolve("out/a/b.txt"))).isFalse();
    assertThat(siblings(dir)).containsExactly("out"); // no temporary folder left behind
  }

  @Test
  void anEmptyFolderIsFilledAndANonEmptyOneNeedsForce(@TempDir Path dir) throws IOException {
    Path out = Files.createDirectory(dir.resolve("out"));
    BundleWriter.write(out, FILES, false);
    assertThatThrownBy(() -> BundleWriter.write(out, List.of(BundleFile.text("c.txt", "a file", "c")), false))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("not empty").hasMessageContaining("--force");
    assertThat(Files.exists(out.resolve("c.txt"))).isFalse();
    BundleWriter.write(out, List.of(BundleFile.text("c.txt", "a file", "c")), true);
    assertThat(Files.exists(out.resolve("c.txt"))).isTrue();
    assertThat(Files.exists(out.resolve("a/b.txt"))).isFalse(); // replaced whole, not merged
    assertThat(siblings(dir)).containsExactly("out");
  }

  @Test
  void aFileInTheWayIsRefused(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("out"), "x");
    assertThatThrownBy(() -> BundleWriter.write(file, FILES, true)).hasMessageContaining("is a file");
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void aFailedWriteLeavesTheOldBundleAndNoTemporaryFolder(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("out");
    BundleWriter.write(out, FILES, false);
    // A file and a folder of the same name cannot both be written: the write fails half-way.
    List<BundleFile> clash = List.of(BundleFile.text("x", "a file", "file"), BundleFile.text("x/y", "a file", "inside"));
    assertThatThrownBy(() -> BundleWriter.write(out, clash, true)).isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith("cannot write the bundle to");
    assertThat(Files.readString(out.resolve("a/b.txt"))).isEqualTo("b\n");
    assertThat(siblings(dir)).containsExactly("out");
  }

  private static List<String> siblings(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
