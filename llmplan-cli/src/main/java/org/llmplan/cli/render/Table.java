package org.llmplan.cli.render;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with aligned columns; numeric-looking cells are right-aligned. */
public final class Table {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String... header) {
    this.header = List.of(header);
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

  private static void line(StringBuilder b, List<String> cells, int[] width, boolean[] right) {
    StringBuilder l = new StringBuilder();
    for (int c = 0; c < width.length; c++) {
      String cell = cells.get(c);
      String pad = " ".repeat(width[c] - cell.length());
      l.append(right[c] ? pad + cell : cell + pad);
      if (c < width.length - 1) {
        l.append("  ");
      }
    }
    b.append(l.toString().stripTrailing()).append('\n');
  }
}
