package org.llmplan.network;

/** The parallel dimensions whose traffic a training step sends, as the step-time breakdown names them. */
public enum Dimension {
  TP("TP/SP", "tp", "all-reduces (or reduce-scatter + all-gather with SP) of the layer activations"),
  CP("CP", "cp", "K/V chunks around the context-parallel ring"),
  EP("EP", "ep", "MoE all-to-all: dispatch and combine, forward and backward"),
  PP("PP", "pp", "activations forward and gradients backward between stages"),
  DP("DP", "dp", "gradient all-reduce, or reduce-scatter + parameter all-gather with a sharded optimizer"),
  FSDP("FSDP gathers", "fsdp", "ZeRO-3/FSDP parameter all-gathers every micro-batch");

  private final String label;
  private final String key;
  private final String what;

  Dimension(String label, String key, String what) {
    this.label = label;
    this.key = key;
    this.what = what;
  }

  /** How people write it: TP/SP, PP, DP. */
  public String label() {
    return label;
  }

  /** The JSON key. */
  public String key() {
    return key;
  }

  /** What the traffic is. */
  public String what() {
    return what;
  }
}
