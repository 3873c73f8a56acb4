package org.llmplan.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.UnknownNameException;

/**
 * The GPU and node of a published row, from its GPU text as people write it ("A100 SXM (Selene DGX A100)",
 * "B200 (DGX B200)", "H100 SXM 80GB HBM3"), its memory and its interconnect, through the catalog's own name
 * lookup (the one the CLI's --gpu and --node use). A remark in brackets names the node where the catalog
 * has it ("DGX B200" is the dgx-b200 node).
 *
 * @param gpu the catalog accelerator name
 * @param node the catalog node name, or null for the accelerator's default node
 */
record RowHardware(String gpu, String node) {
  private static final Pattern REMARK = Pattern.compile("^(.*?)\\s*\\(([^()]*)\\)\\s*$");
  /** Words that describe a part's memory or packaging, which catalog names leave out. */
  private static final Pattern PACKAGING = Pattern.compile("(?i)\\s+(\\d+\\s*GB|HBM\\d?e?|SXM\\d?|GPU)\\b");

  static RowHardware of(Catalog catalog, PublishedTrainingRow r, List<String> assumptions) {
    String type = r.gpuType();
    if (type == null) {
      throw new Unmappable("GPU type not stated");
    }
    Matcher remark = REMARK.matcher(type.trim());
    String name = remark.matches() ? remark.group(1) : type.trim();
    String node = remark.matches() ? node(catalog, remark.group(2)) : null;
    String t = name.toUpperCase(Locale.ROOT);
    Integer memory = r.gpuMemGb();
    if (t.contains("A100")) {
      return a100(r, memory, node, assumptions);
    }
    String gpu = gpu(catalog, name, memory);
    if (gpu == null && t.contains("H100") && !t.contains("PCIE") && !t.contains("NVL")) {
      gpu = "h100-sxm";
    }
    if (gpu == null) {
      throw new Unmappable("GPU '" + type + "' is not in the catalog");
    }
    if ("h100-sxm".equals(gpu) && node == null) {
      node = "dgx-h100";
    }
    if (memory == null && "h100-sxm".equals(gpu)) {
      assumptions.add("GPU memory not stated: H100 SXM 80GB presumed");
    }
    return new RowHardware(gpu, node);
  }

  private static RowHardware a100(PublishedTrainingRow r, Integer memory, String node, List<String> assumptions) {
    if (memory == null) {
      assumptions.add("GPU memory not stated: A100 80GB presumed");
    }
    boolean small = memory != null && memory == 40;
    if (r.interconnect() != null && r.interconnect().toUpperCase(Locale.ROOT).contains("ROCE")) {
      assumptions.add("'" + r.interconnect() + "' modelled as dgx-a100's 8 x 200G HDR InfiniBand (same "
          + "bandwidth per node; no catalog A100 node has a RoCE fabric)");
    }
    return small ? new RowHardware("a100-40gb", "dgx-a100-40gb") : new RowHardware("a100-80gb", "dgx-a100");
  }

  /** The accelerator the name means: as written, with its memory, or without packaging words. */
  private static String gpu(Catalog catalog, String name, Integer memory) {
    List<String> tries = new ArrayList<>(List.of(name));
    if (memory != null) {
      tries.add(name + " " + memory + "gb");
    }
    String bare = PACKAGING.matcher(name).replaceAll("").trim();
    tries.add(bare);
    if (memory != null) {
      tries.add(bare + " " + memory + "gb");
    }
    for (String text : tries) {
      try {
        return catalog.gpu(text).name();
      } catch (UnknownNameException e) {
        // try the next spelling
      }
    }
    return null;
  }

  /** The catalog node a bracketed remark names ("DGX B200", "DGX-H100"), or null when it names none. */
  private static String node(Catalog catalog, String remark) {
    try {
      return catalog.node(remark).name();
    } catch (UnknownNameException e) {
      return null;
    }
  }
}
