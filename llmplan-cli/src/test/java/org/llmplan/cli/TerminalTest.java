package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Output that fits the terminal unless --wide, and the progress bar's terminal test. */
class TerminalTest {
  private static String run(String columns, String... args) {
    StringWriter out = new StringWriter();
    Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), columns, args);
    return out.toString();
  }

  @Test
  void columnsNarrowTheTablesAndWideRestoresThem() {
    String[] command = {"memory", "train", "--model", "llama-3.1-8b", "--gpu", "a100-80gb", "--framework", "hf",
        "--seq", "4096", "--micro-batch", "4"};
    String narrow = run("100", command);
    // Tables fit; sentences around them wrap in the terminal as any text does.
    assertThat(narrow.lines().filter(l -> l.startsWith("---") || l.startsWith("  autocast"))).hasSize(3)
        .allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(100));
    String wide = run("100", java.util.stream.Stream.concat(java.util.Arrays.stream(command),
        java.util.stream.Stream.of("--wide")).toArray(String[]::new));
    assertThat(wide).contains("torch.autocast caches a 16-bit cast of every FP32 weight until backward "
        + "(cache_enabled=True)");
    assertThat(narrow).doesNotContain("(cache_enabled=True)").contains("…");
  }

  @Test
  void theScriptsWordOnStderrDecides() {
    String before = System.getProperty("llmplan.stderr.tty");
    try {
      System.setProperty("llmplan.stderr.tty", "true");
      assertThat(ProgressBar.stderrIsTerminal()).isTrue();
      System.setProperty("llmplan.stderr.tty", "false");
      assertThat(ProgressBar.stderrIsTerminal()).isFalse();
    } finally {
      if (before == null) {
        System.clearProperty("llmplan.stderr.tty");
      } else {
        System.setProperty("llmplan.stderr.tty", before);
      }
    }
  }
}
