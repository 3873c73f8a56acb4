package org.llmplan.emit;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real validator (shellcheck, promtool). A missing tool FAILS the test rather than skipping it: CI
 * installs them (.ci/run), and a check that silently does not run is no check.
 */
record ExternalTool(int exitCode, String output) {
  static ExternalTool run(Path dir, String... command) {
    List<String> words = new ArrayList<>(List.of(command));
    ProcessBuilder builder = new ProcessBuilder(words).directory(dir.toFile()).redirectErrorStream(true);
    try {
      Process p = builder.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(command[0] + " did not finish in 120 s");
      }
      return new ExternalTool(p.exitValue(), out);
    } catch (IOException e) {
      return fail(command[0] + " is not installed (" + e.getMessage() + "): run 'apt-get install -y shellcheck "
          + "prometheus', as .ci/run does");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted while running " + command[0]);
    }
  }
}
