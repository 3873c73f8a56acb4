package org.llmplan.model;

/** The normalisation used in each block: RMSNorm (weight only), LayerNorm (weight and bias), or LayerNorm without bias. */
public enum NormKind {
  RMS(1),
  LAYER(2),
  LAYER_NO_BIAS(1);

  private final int vectorsPerNorm;

  NormKind(int vectorsPerNorm) {
    this.vectorsPerNorm = vectorsPerNorm;
  }

  /** Parameters of one norm over a vector of the given width. */
  public long parameters(long width) {
    return vectorsPerNorm * width;
  }
}
