package org.llmplan.watch;

import java.util.Map;

/** One series of an instant query: its labels and value. */
public record Sample(Map<String, String> labels, double value) {
  public Sample {
    labels = Map.copyOf(labels);
  }

  /** The labels that say which GPU or NIC this is, as "host/gpu 3" or "node-1:9100 mlx5_0". */
  public String where() {
    String host = labels.getOrDefault("Hostname", labels.getOrDefault("instance", "?"));
    if (labels.containsKey("gpu")) {
      return host + " GPU " + labels.get("gpu");
    }
    return labels.containsKey("device") ? host + " " + labels.get("device") : host;
  }
}
