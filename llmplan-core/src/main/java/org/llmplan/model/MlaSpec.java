package org.llmplan.model;

/**
 * Multi-head latent attention (DeepSeek-V2/V3): queries and keys/values pass through low-rank latents.
 *
 * @param qLoraRank rank of the query latent; 0 means queries are projected directly
 * @param kvLoraRank rank of the key/value latent (what the inference cache stores)
 * @param qkNopeHeadDim per-head query/key width without rotary embedding
 * @param qkRopeHeadDim per-head query/key width with rotary embedding (the key part is shared by all heads)
 * @param vHeadDim per-head value width
 */
public record MlaSpec(int qLoraRank, int kvLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim) {

  public int qkHeadDim() {
    return qkNopeHeadDim + qkRopeHeadDim;
  }
}
