package org.llmplan.train;

import org.llmplan.hardware.Precision;
import org.llmplan.model.MlaSpec;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.MoeSpec;
import org.llmplan.model.Positional;
import org.llmplan.parallel.Parallelism;

/**
 * Compute time of one transformer layer for one micro-batch on one GPU, op by op: GEMMs (QKV, attention
 * output, MLP or experts) on the roofline, the attention core as flash kernels (or eager batched GEMMs and a
 * softmax), and the element-wise ops (norms, residual adds, activation, rotary) as streams through HBM.
 * Backward GEMMs do twice the forward work (input and weight gradients).
 *
 * @param forward seconds of the forward pass
 * @param backward seconds of the backward pass
 * @param recompute seconds re-run before backward (full: the forward; selective: the attention core)
 */
record LayerCompute(double forward, double backward, double recompute) {
  /** HBM traffic of eager element-wise ops relative to fused kernels. */
  static final double EAGER_TRAFFIC = 3;

  static LayerCompute of(TrainingJob job, StepKernels r, boolean moeLayer) {
    Parallelism p = job.parallelism();
    double tokens = (double) job.seq() / p.cp() * p.microBatch();
    double gemms = attentionProjections(r, job.model(), tokens, p.tp(), job.activationBytes())
        + feedForward(job, r, tokens, moeLayer);
    double attention = attentionCore(job, r, tokens, false);
    double ffnWidth = ffnWidth(job.model(), moeLayer);
    double forward = gemms + attention + elementwise(job, r, tokens, ffnWidth, false);
    double backward = 2 * gemms + attentionCore(job, r, tokens, true) + elementwise(job, r, tokens, ffnWidth, true);
    // Selective recompute re-runs the eager attention core; flash kernels already rebuild scores in backward.
    double recompute = switch (p.recompute()) {
      case NONE -> 0;
      case SELECTIVE -> job.attention().storesScores() ? attention : 0;
      case FULL -> forward;
    };
    return new LayerCompute(forward, backward, recompute);
  }

  /** Forward GEMMs of the MLP, or of a MoE layer's local experts, router and shared experts. */
  private static double feedForward(TrainingJob job, StepKernels r, double tokens, boolean moeLayer) {
    ModelSpec m = job.model();
    Parallelism p = job.parallelism();
    double e = job.activationBytes();
    double h = m.hidden();
    double t = p.tp();
    int matrices = m.gatedMlp() ? 3 : 2;
    if (!moeLayer) {
      return gemmPair(r, tokens, h, m.ffn() / t, matrices, e);
    }
    MoeSpec moe = m.moe();
    double localExperts = (double) moe.experts() / p.ep();
    double rowsPerExpert = tokens * moe.topK() * moe.loadFactor() * p.ep() / moe.experts();
    double expert = gemmPair(r, rowsPerExpert, h, moe.expertFfn() / t, matrices, e);
    double router = r.gemm(tokens, moe.experts(), h, e);
    double shared = moe.sharedExperts() > 0
        ? moe.sharedExperts() * gemmPair(r, tokens, h, moe.sharedExpertFfn() / t, matrices, e) : 0;
    return localExperts * expert + router + shared;
  }

  /** Width of the MLP activations a token goes through (a MoE layer: its top-k and shared experts'). */
  private static double ffnWidth(ModelSpec m, boolean moeLayer) {
    if (!moeLayer) {
      return m.ffn();
    }
    MoeSpec moe = m.moe();
    return moe.topK() * moe.loadFactor() * moe.expertFfn() + moe.sharedExperts() * moe.sharedExpertFfn();
  }

  /**
   * The attention core forward or backward: flash kernels over the causal half, or eager batched GEMMs over
   * the full (unmasked) score matrix and a fused scale-mask-softmax.
   */
  static double attentionCore(TrainingJob job, StepKernels r, double tokens, boolean backward) {
    ModelSpec m = job.model();
    double e = job.activationBytes();
    double heads = m.heads() / (double) job.parallelism().tp();
    double headDimQk = m.queryWidth() / (double) m.heads();
    double headDimV = m.valueOutputWidth() / (double) m.heads();
    double keys = job.seq(); // each local query attends up to the whole (causal: half on average) sequence
    if (!job.attention().storesScores()) {
      double causal = tokens * keys * heads * (headDimQk + headDimV); // half of 2 x tokens x keys x width
      return backward ? r.flashBackward(causal) : r.flashForward(causal);
    }
    double scores = tokens * keys * heads;
    double perScore = m.dropout() ? 3 * e + 1 : 2 * e; // read scores, write probs (+ dropout mask and output)
    double rows = tokens * heads; // every (sequence, head) pair is one matrix of the batched GEMMs
    double products = r.gemm(rows, keys, headDimQk, e) + r.gemm(rows, headDimV, keys, e);
    return backward
        ? 2 * products + r.stream(scores * (perScore + e), 1)
        : products + r.stream(scores * perScore, 1);
  }

  /**
   * Element-wise ops forward or backward as HBM streams: norms, bias-dropout-add residuals, activation, rotary;
   * with FP8, Transformer Engine's casts of every GEMM input.
   */
  private static double elementwise(TrainingJob job, StepKernels r, double tokens, double ffnWidth,
      boolean backward) {
    ModelSpec m = job.model();
    Parallelism p = job.parallelism();
    double e = job.activationBytes();
    double h = m.hidden();
    double t = p.tp();
    double rep = p.effectiveSequenceParallel() ? t : 1;
    double ew = elementwiseBytes(job, tokens, h, ffnWidth / t, rep, e);
    int kernels = m.normsPerLayer() + 3 + (m.positional() == Positional.ROPE ? 1 : 0);
    double seconds = backward ? r.stream(2 * ew, 2 * kernels) : r.stream(ew, kernels);
    if (job.precision() == Precision.FP8) {
      // Transformer Engine casts every GEMM input to FP8 (read 16-bit, write 8-bit) and, for the weight
      // gradients, also keeps a transposed FP8 copy of the activations: 3 B forward, 3 + 2 B backward.
      double inputs = tokens * (2 * h / rep + m.valueOutputWidth() / t + ffnWidth / t);
      seconds += backward ? r.stream(5 * inputs, 8) : r.stream(3 * inputs, 4);
    }
    return seconds;
  }

  /** QKV (or MLA's down and up projections) and the output projection of one layer. */
  private static double attentionProjections(StepKernels r, ModelSpec m, double tokens, double t, double e) {
    double h = m.hidden();
    double out = r.gemm(tokens, h, m.valueOutputWidth() / t, e);
    MlaSpec mla = m.mla();
    if (mla == null) {
      return r.gemm(tokens, (m.queryWidth() + 2 * m.keyValueWidth()) / t, h, e) + out;
    }
    double heads = m.heads();
    double down = r.gemm(tokens, mla.qLoraRank() + mla.kvLoraRank() + mla.qkRopeHeadDim(), h, e);
    double queries = mla.qLoraRank() > 0
        ? r.gemm(tokens, heads * mla.qkHeadDim() / t, mla.qLoraRank(), e)
        : r.gemm(tokens, heads * mla.qkHeadDim() / t, h, e);
    double keysValues = r.gemm(tokens, heads * (mla.qkNopeHeadDim() + mla.vHeadDim()) / t, mla.kvLoraRank(), e);
    return down + queries + keysValues + out;
  }

  /** Up (and gate) then down projection of an MLP of local width {@code f} over {@code rows} tokens. */
  private static double gemmPair(StepKernels r, double rows, double h, double f, int matrices, double e) {
    double up = (matrices - 1) * f;
    return r.gemm(rows, up, h, e) + r.gemm(rows, h, f, e);
  }

  /** Bytes the element-wise kernels of one layer read and write in the forward pass. */
  private static double elementwiseBytes(TrainingJob job, double tokens, double h, double localFfn, double rep,
      double e) {
    ModelSpec m = job.model();
    double hidden = tokens * h * e / rep;
    double norm = 2 * hidden; // read the input, write the normalised output
    double residual = 3 * hidden + (m.dropout() ? hidden / e : 0);
    double activation = tokens * localFfn * e * (m.gatedMlp() ? 3 : 2);
    double rotary = m.positional() == Positional.ROPE
        ? 2 * tokens * (m.queryWidth() + m.keyValueWidth()) * e / job.parallelism().tp() : 0;
    double bytes = m.normsPerLayer() * norm + 2 * residual + activation + rotary;
    // Eager PyTorch runs each op of a norm, an activation and a residual as its own kernel (and the HF
    // RMSNorm upcasts to FP32): about three times the traffic of fused kernels (modeling_llama.py).
    return job.framework().eagerElementwise() ? EAGER_TRAFFIC * bytes : bytes;
  }
}
