package org.llmplan.train;

import java.util.ArrayList;
import java.util.List;
import org.llmplan.estimate.Part;
import org.llmplan.finetune.LoraTarget.Input;
import org.llmplan.model.MlaSpec;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.MoeSpec;
import org.llmplan.model.NormKind;
import org.llmplan.model.Positional;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.profile.ActivationLayout;

/**
 * Bytes of activations one transformer layer keeps for its backward pass, for one micro-batch, on one GPU.
 *
 * <p>MEGATRON layout: Korthikanti et al. 2022 (arXiv 2205.05198) Table 2, generalised to GQA/MLA widths,
 * gated MLPs (the fused SwiGLU keeps the 2f-wide fc1 output), MoE (routed copies of each token) and models
 * without dropout. For GPT-3 175B, TP 8, s 2048, b 1 it gives 552 MiB (TP only, eager attention), 312 MiB
 * (selective recompute), 102 MiB (SP + selective) and 48 MiB (full recompute) per layer.
 *
 * <p>HF_EAGER layout, derived from the autograd graph of transformers' modeling_llama.py (v4.48): LlamaRMSNorm
 * upcasts to FP32 (pow saves the FP32 input, the weight multiply saves the normalised 16-bit tensor: 6 bytes
 * per element); apply_rotary_pos_emb saves q, rotate_half(q), k and rotate_half(k); eager attention saves the
 * matmul inputs q, repeat_kv(k), repeat_kv(v), the FP32 softmax output and its 16-bit cast; o_proj saves its
 * contiguous input; the MLP saves its input, gate output, SiLU output, up output and their product.
 */
public final class ActivationMemory {
  private ActivationMemory() {}

  /** Activations of one layer as it is stored between forward and backward under the job's recompute mode. */
  public static Part storedPerLayer(TrainingJob job, boolean moeLayer) {
    Parallelism p = job.parallelism();
    if (p.recompute() == Recompute.FULL) {
      double sb = localTokens(job);
      double divisor = p.effectiveSequenceParallel() ? p.tp() : 1;
      return Part.leaf("layer input (checkpoint)", sb * job.model().hidden() * job.activationBytes() / divisor,
          "full recompute keeps each layer's input: s*b*h*bytes" + (divisor > 1 ? "/t (SP)" : ""));
    }
    return workingSet(job, moeLayer);
  }

  /** Everything one layer saves when nothing is recomputed (except the attention core under selective). */
  public static Part workingSet(TrainingJob job, boolean moeLayer) {
    return job.framework().activations() == ActivationLayout.HF_EAGER
        ? hfEager(job, moeLayer)
        : megatron(job, moeLayer);
  }

  /** Tokens of one micro-batch that one context-parallel rank holds. */
  static double localTokens(TrainingJob job) {
    return (double) job.seq() / job.parallelism().cp() * job.parallelism().microBatch();
  }

  private static Part megatron(TrainingJob job, boolean moeLayer) {
    ModelSpec m = job.model();
    Parallelism p = job.parallelism();
    double e = job.activationBytes();
    double sb = localTokens(job);
    double h = m.hidden();
    double t = p.tp();
    double rep = p.effectiveSequenceParallel() ? t : 1; // SP splits what TP alone replicates
    List<Part> parts = new ArrayList<>();

    parts.add(Part.leaf("norm inputs", m.normsPerLayer() * sb * h * e / rep, "norms x s*b*h*bytes"));
    if (FrozenBase.keeps(job, Input.ATTENTION_INPUT)) {
      parts.add(Part.leaf("QKV input", sb * h * e / rep, "s*b*h*bytes"));
    }
    MlaSpec mla = m.mla();
    if (mla != null) {
      parts.add(Part.leaf("MLA latents", sb * (mla.qLoraRank() + mla.kvLoraRank()) * e / rep,
          "s*b*(q_lora+kv_lora)*bytes"));
      parts.add(Part.leaf("Q, K, V", sb * (2 * m.queryWidth() + m.valueOutputWidth()) * e / t,
          "s*b*(2*heads*qk_dim + heads*v_dim)*bytes/t"));
    } else {
      parts.add(Part.leaf("Q, K, V", sb * (m.queryWidth() + 2 * m.keyValueWidth()) * e / t,
          "s*b*(q_width + 2*kv_width)*bytes/t"));
    }
    parts.add(attentionCore(job, sb));
    if (FrozenBase.keeps(job, Input.ATTENTION_OUTPUT)) {
      parts.add(Part.leaf("out-projection input", sb * m.valueOutputWidth() * e / t, "s*b*heads*v_dim*bytes/t"));
    }
    if (m.dropout()) {
      parts.add(Part.leaf("residual dropout masks", 2 * sb * h / rep, "2 x s*b*h x 1 byte"));
    }
    if (FrozenBase.keeps(job, Input.MLP_INPUT)) {
      parts.add(Part.leaf("MLP input", sb * h * e / rep, "s*b*h*bytes"));
    }
    int matrices = m.gatedMlp() ? 3 : 2;
    if (moeLayer) {
      addMoe(job, sb, rep, matrices, parts);
    } else if (FrozenBase.keeps(job, Input.MLP_ACTIVATION)) {
      parts.add(Part.leaf("MLP intermediates", matrices * sb * m.ffn() * e / t,
          (m.gatedMlp() ? "fused SwiGLU keeps fc1 output (2f) and fc2 input (f): 3" : "GeLU input and fc2 input: 2")
              + " x s*b*f*bytes/t"));
    } else {
      parts.add(Part.leaf("MLP intermediates", (matrices - 1) * sb * m.ffn() * e / t,
          "fc1 output for the activation's backward (frozen fc2 needs no input): " + (matrices - 1)
              + " x s*b*f*bytes/t"));
    }
    addAdapters(job, sb, parts);
    return Part.sum(moeLayer ? "MoE layer" : "layer", "Korthikanti et al. 2022 Table 2, generalised", parts);
  }

  /** An MoE layer's router, routing state, dispatched tokens and expert intermediates. */
  private static void addMoe(TrainingJob job, double sb, double rep, int matrices, List<Part> parts) {
    MoeSpec moe = job.model().moe();
    double e = job.activationBytes();
    double t = job.parallelism().tp();
    double routed = moe.topK() * moe.loadFactor() * sb;
    parts.add(Part.leaf("router logits", sb * moe.experts() * 4 / rep, "s*b*experts*4 (FP32)"));
    parts.add(MoeMemory.routingState(job, sb, rep));
    parts.add(Part.leaf("dispatched tokens", 2 * routed * job.model().hidden() * e / rep,
        "expert inputs and outputs: 2 x k*capacity*s*b*h*bytes"));
    parts.add(Part.leaf("expert intermediates", matrices * routed * moe.expertFfn() * e / t,
        matrices + " x k*capacity*s*b*expert_ffn*bytes/t"));
    if (moe.sharedExperts() > 0) {
      parts.add(Part.leaf("shared expert intermediates",
          moe.sharedExperts() * matrices * sb * moe.sharedExpertFfn() * e / t,
          "shared x " + matrices + " x s*b*shared_ffn*bytes/t"));
    }
  }

  /** What LoRA adapters keep besides the block inputs they read (nothing in full training). */
  private static void addAdapters(TrainingJob job, double sb, List<Part> parts) {
    Part adapters = FrozenBase.activations(job, sb);
    if (adapters != null) {
      parts.add(adapters);
    }
  }

  /** The s x s tensors of eager attention (Korthikanti's 5as^2b) or the flash softmax statistics. */
  private static Part attentionCore(TrainingJob job, double sb) {
    ModelSpec m = job.model();
    Parallelism p = job.parallelism();
    double e = job.activationBytes();
    double heads = m.heads();
    boolean scoresStored = job.attention().storesScores() && p.recompute() == Recompute.NONE;
    if (scoresStored) {
      double perScore = m.dropout() ? 2 * e + 1 : e;
      return Part.leaf("attention scores", perScore * heads * job.seq() * sb / p.tp(),
          (m.dropout() ? "softmax output, dropout mask and output: 5" : "softmax output: 2")
              + " x a*s*s*b/t");
    }
    return Part.leaf("softmax statistics", 4 * heads * sb / p.tp(),
        "flash attention keeps FP32 log-sum-exp: 4*a*s*b/t");
  }

  private static Part hfEager(TrainingJob job, boolean moeLayer) {
    ModelSpec m = job.model();
    double e = job.activationBytes();
    double sb = localTokens(job);
    double h = m.hidden();
    double q = m.queryWidth();
    double kv = m.keyValueWidth();
    List<Part> parts = new ArrayList<>();
    if (m.norm() == NormKind.RMS) {
      // A frozen norm weight needs no copy of the normalised tensor for its gradient.
      double normalised = job.lora() == null ? e : 0;
      parts.add(Part.leaf("RMSNorm FP32 inputs and outputs", m.normsPerLayer() * sb * h * (4 + normalised),
          "norms x s*b*h*(4 FP32 upcast" + (normalised > 0 ? " + bytes normalised)" : ")")));
    } else {
      parts.add(Part.leaf("LayerNorm inputs", m.normsPerLayer() * (sb * h * e + 8 * sb),
          "norms x (s*b*h*bytes + FP32 mean and rstd)"));
    }
    if (FrozenBase.keeps(job, Input.ATTENTION_INPUT)) {
      parts.add(Part.leaf("QKV input", sb * h * e, "s*b*h*bytes"));
    }
    if (m.positional() == Positional.ROPE) {
      parts.add(Part.leaf("rotary inputs", 2 * sb * (q + kv) * e, "q, rotate_half(q), k, rotate_half(k)"));
    }
    parts.add(Part.leaf("attention inputs", 3 * sb * q * e, "q, repeat_kv(k), repeat_kv(v): 3*s*b*q_width*bytes"));
    if (job.attention().storesScores() && job.parallelism().recompute() == Recompute.NONE) {
      double perScore = 4 + e + (m.dropout() ? 1 + e : 0);
      parts.add(Part.leaf("attention scores", perScore * m.heads() * job.seq() * sb,
          "FP32 softmax output + 16-bit cast" + (m.dropout() ? " + dropout mask and output" : "") + ": a*s*s*b"));
    } else {
      parts.add(Part.leaf("attention output and statistics", sb * q * e + 4 * m.heads() * sb,
          "SDPA keeps its output and FP32 log-sum-exp"));
    }
    if (FrozenBase.keeps(job, Input.ATTENTION_OUTPUT)) {
      parts.add(Part.leaf("o_proj input", sb * m.valueOutputWidth() * e, "contiguous s*b*q_width*bytes"));
    }
    if (m.dropout()) {
      parts.add(Part.leaf("residual dropout masks", 2 * sb * h, "2 x s*b*h x 1 byte"));
    }
    if (FrozenBase.keeps(job, Input.MLP_INPUT)) {
      parts.add(Part.leaf("MLP input", sb * h * e, "s*b*h*bytes"));
    }
    double ffn = moeLayer ? m.moe().expertFfn() * m.moe().topK() * m.moe().loadFactor() : m.ffn();
    double perFfn = m.gatedMlp() ? 4 : 2;
    String what = m.gatedMlp() ? "gate, SiLU, up and product: 4*s*b*f*bytes" : "activation input and output: 2*s*b*f*bytes";
    if (!FrozenBase.keeps(job, Input.MLP_ACTIVATION)) {
      perFfn -= 1; // the last of them is the input of a frozen down_proj
      what = m.gatedMlp() ? "gate, SiLU and up (frozen down_proj): 3*s*b*f*bytes" : "activation input: s*b*f*bytes";
    }
    parts.add(Part.leaf("MLP intermediates", perFfn * sb * ffn * e, what));
    addAdapters(job, sb, parts);
    return Part.sum(moeLayer ? "MoE layer" : "layer", "Hugging Face eager modules (modeling_llama.py)", parts);
  }
}
