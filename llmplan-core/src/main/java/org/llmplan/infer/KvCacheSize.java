package org.llmplan.infer;

import org.llmplan.hardware.Precision;
import org.llmplan.model.MlaSpec;
import org.llmplan.model.ModelSpec;

/**
 * Bytes the KV cache keeps per token. Standard attention stores a key and a value vector per KV head per
 * layer, split over TP ranks by whole heads and replicated when TP exceeds the KV heads (vLLM
 * get_num_kv_heads); MLA stores one latent of kv_lora_rank plus the shared rotary key per layer, the same on
 * every TP rank (DeepSeek-V2 paper section 2.1; aiconfigurator sdk/memory.py kv_bytes_per_token).
 */
public final class KvCacheSize {
  private KvCacheSize() {}

  /** KV heads one of {@code tp} ranks holds: its share, or one replicated head when TP exceeds them. */
  public static int kvHeadsPerRank(ModelSpec m, int tp) {
    return (m.kvHeads() + tp - 1) / tp;
  }

  /** Bytes one token adds to one layer's cache on one GPU. */
  public static double bytesPerTokenPerLayer(ModelSpec m, int tp, Precision kv) {
    MlaSpec mla = m.mla();
    if (mla != null) {
      return (mla.kvLoraRank() + mla.qkRopeHeadDim()) * kv.bytes();
    }
    return 2.0 * kvHeadsPerRank(m, tp) * m.headDim() * kv.bytes();
  }

  /** Bytes one token adds to the cache of one GPU of the most loaded pipeline stage. */
  public static double bytesPerToken(InferenceDeployment d) {
    return d.stageLayers() * bytesPerTokenPerLayer(d.model(), d.tp(), d.kvPrecision());
  }

  /** The basis of {@link #bytesPerTokenPerLayer} in words, for reports. */
  public static String formula(ModelSpec m, int tp, Precision kv) {
    MlaSpec mla = m.mla();
    if (mla != null) {
      return "MLA latent (" + mla.kvLoraRank() + " + " + mla.qkRopeHeadDim() + " rope) x " + fmt(kv.bytes())
          + " B, the same on every TP rank";
    }
    int perRank = kvHeadsPerRank(m, tp);
    String heads = tp == 1 ? m.kvHeads() + " KV heads"
        : perRank + " of " + m.kvHeads() + " KV heads per rank" + (m.kvHeads() < tp ? " (replicated)" : "");
    return "2 (K, V) x " + heads + " x " + m.headDim() + " x " + fmt(kv.bytes()) + " B";
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
