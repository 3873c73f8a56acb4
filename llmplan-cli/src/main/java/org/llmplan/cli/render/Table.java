package org.llmplan.cli.render;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with aligned columns; numeric-looking cells are right-aligned. When the terminal is
 * narrower than the table ({@link #fitTo}), the widest text column is cut short with "…" (numbers never are).
 */
public final class Table {
  private static final int NARROWEST_CUT = 12;
  // The terminal's width for this run (0: no limit); the CLI sets it once per command from COLUMNS and --wide.
  private static volatile int terminalColumns;

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String... header) {
    this.header = List.of(header);
  }

  /** Tables rendered from now on fit {@code columns} characters; 0 for no limit. */
  public static void fitTo(int columns) {
    terminalColumns = Math.max(0, columns);
  }

  public Table row(String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException("row has " + cells.length + " cells, header " + header.size());
    }
    rows.add(List.of(cells));
    return this;
  }

  public String render() {
    int[] width = new int[header.size()];
    boolean[] numeric = new boolean[header.size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = header.get(c).length();
      numeric[c] = !rows.isEmpty();
    }
    for (List<String> r : rows) {
      for (int c = 0; c < width.length; c++) {
        width[c] = Math.max(width[c], r.get(c).length());
        numeric[c] &= r.get(c).isEmpty() || r.get(c).matches("[-+]?[0-9.,]+( ?[%a-zA-Z]{0,4})?");
      }
    }
    narrow(width, numeric, terminalColumns);
    StringBuilder b = new StringBuilder();
    line(b, header, width, new boolean[width.length]);
    List<String> rule = new ArrayList<>();
    for (int w : width) {
      rule.add("-".repeat(w));
    }
    line(b, rule, width, new boolean[width.length]);
    for (List<String> r : rows) {
      line(b, r, width, numeric);
    }
    return b.toString();
  }

  /** Shrinks the widest text column until the table fits {@code columns}, down to {@value #NARROWEST_CUT}. */
  private static void narrow(int[] width, boolean[] numeric, int columns) {
    int total = 2 * (width.length - 1);
    int widest = -1;
    for (int c = 0; c < width.length; c++) {
      total += width[c];
      if (!numeric[c] && (widest < 0 || width[c] > width[widest])) {
        widest = c;
      }
    }
    if (columns > 0 && total > columns && widest >= 0) {
      width[widest] = Math.max(Math.min(width[widest], NARROWEST_CUT), width[widest] - (total - columns));
    }
  }

  private static void line(StringBuilder b, List<String> cells, int[] width, boolean[] right) {
    StringBuilder l = new StringBuilder();
    for (int c = 0; c < width.length; c++) {
      String cell = cells.get(c);
      if (cell.length() > width[c]) {
        cell = cell.substring(0, width[c] - 1) + "…";
      }
      String pad = " ".repeat(width[c] - cell.length());
      l.append(right[c] ? pad + cell : cell + pad);
      if (c < width.length - 1) {
        l.append("  ");
      }
    }
    b.append(l.toString().stripTrailing()).append('\n');
  }
}
