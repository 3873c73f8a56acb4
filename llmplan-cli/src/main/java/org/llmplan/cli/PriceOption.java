package org.llmplan.cli;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidValueException;

/**
 * A --price value as `search train` reads it: one number for every GPU, or gpu=usd pairs
 * (h100=4.25,a100-80gb=2.21). Pairs become catalog prices dated today, so every command prices GPUs one way.
 */
record PriceOption(Double single, Map<String, Double> perGpu) {
  static PriceOption parse(String text) {
    if (text == null || text.isBlank()) {
      return new PriceOption(null, Map.of());
    }
    if (!text.contains("=")) {
      return new PriceOption(usd(text.trim()), Map.of());
    }
    Map<String, Double> perGpu = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      String[] parts = pair.split("=", -1);
      if (parts.length != 2 || parts[0].isBlank()) {
        throw new InvalidValueException("--price takes one number or gpu=usd pairs such as h100=4.25,a100=2.21, "
            + "got '" + pair.trim() + "'");
      }
      perGpu.put(parts[0].trim(), usd(parts[1].trim()));
    }
    return new PriceOption(null, perGpu);
  }

  private static double usd(String text) {
    try {
      return InvalidValueException.requireInRange("--price", Double.parseDouble(text), 0, 1e6);
    } catch (NumberFormatException e) {
      throw new InvalidValueException("--price must be US dollars per GPU-hour such as 4.25, got '" + text + "'");
    }
  }

  /** The pairs as a catalog overlay (YAML) after checking each GPU name against {@code catalog}; null if none. */
  String overlay(Catalog catalog) {
    if (perGpu.isEmpty()) {
      return null;
    }
    StringBuilder yaml = new StringBuilder("gpus:\n");
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    perGpu.forEach((gpu, usd) -> yaml.append("  - name: \"").append(catalog.gpu(gpu).name()).append("\"\n")
        .append("    price: {usdPerHour: ").append(usd).append(", date: \"").append(today)
        .append("\", source: \"--price\"}\n"));
    return yaml.toString();
  }
}
