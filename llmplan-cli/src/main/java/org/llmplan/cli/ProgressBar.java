package org.llmplan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.llmplan.search.SearchControl;

/**
 * A one-line progress bar on stderr, redrawn at most ten times a second, for long searches in a terminal.
 * It is drawn when stderr is a terminal, whether or not stdout is (`search train --json > plans.json` still
 * shows it), and never into a pipe or a file.
 */
final class ProgressBar implements SearchControl.Progress {
  private static final int WIDTH = 30;
  private final PrintWriter err;
  private long lastDrawn;
  private boolean drawn;

  ProgressBar(PrintWriter err) {
    this.err = err;
  }

  /**
   * Whether stderr is a terminal: the ./llmplan script says so (-Dllmplan.stderr.tty, from `[ -t 2 ]`);
   * otherwise Linux names the terminal behind file descriptor 2. Java itself only knows about stdout.
   */
  static boolean stderrIsTerminal() {
    String stated = System.getProperty("llmplan.stderr.tty");
    if (stated != null) {
      return Boolean.parseBoolean(stated);
    }
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  @Override
  public synchronized void update(long done, long total) {
    long now = System.nanoTime();
    if (total <= 0 || (done < total && now - lastDrawn < 100_000_000L)) {
      return;
    }
    lastDrawn = now;
    int filled = (int) (WIDTH * done / total);
    err.printf("\rsearching [%s%s] %3d %%", "#".repeat(filled), ".".repeat(WIDTH - filled), 100 * done / total);
    err.flush();
    drawn = true;
  }

  /** Clears the bar so that what follows starts on a clean line. */
  synchronized void clear() {
    if (drawn) {
      err.print("\r" + " ".repeat(WIDTH + 20) + "\r");
      err.flush();
      drawn = false;
    }
  }
}
