package org.llmplan.cli;

import java.io.PrintWriter;
import org.llmplan.search.SearchControl;

/**
 * A one-line progress bar on stderr, redrawn at most ten times a second, for long searches in a terminal.
 * It is never drawn into a pipe or a file (the CLI only creates one when a console is attached).
 */
final class ProgressBar implements SearchControl.Progress {
  private static final int WIDTH = 30;
  private final PrintWriter err;
  private long lastDrawn;
  private boolean drawn;

  ProgressBar(PrintWriter err) {
    this.err = err;
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
