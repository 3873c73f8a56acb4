package org.llmplan.train;

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
    LayerCompute low = of(job, r, moeLayer, job.recipe());
    double share = Math.min(1, (double) job.recipe().sixteenBitLayers() / job.model().layers());
    if (share <= 0) {
      return low;
    }
    // The recipe keeps some layers in BF16 (NVFP4's first and last): a layer's time is the mix over the model.
    LayerCompute high = of(job, r.sixteenBit(), moeLayer, QuantizationRecipe.NONE);
    return new LayerCompute((1 - share) * low.forward + share * high.forward,
        (1 - share) * low.backward + share * high.backward, (1 - share) * low.recompute + share * high.recompute);
  }

  private static LayerCompute of(TrainingJob job, StepKernels r, boolean moeLayer, QuantizationRecipe recipe) {
    Parallelism p = job.parallelism();
    double tokens = (double) job.seq() / p.cp() * p.microBatch();
    double gemms = attentionProjections(r, job.model(), tokens, p.tp(), job.activationBytes())
        + (moeLayer ? 0 : denseMlp(job, r, tokens));
    MoeLayerTime experts = moeLayer ? MoeLayerTime.of(job, r, tokens) : null;
    double attention = attentionCore(job, r, tokens, false);
    double ffnWidth = ffnWidth(job.model(), moeLayer);
    double forward = gemms + attention + elementwise(job, r, tokens, ffnWidth, false, recipe)
        + (experts != null ? experts.forward() : 0) + FrozenBase.forward(job, r, tokens);
    double backward = (1 + FrozenBase.weightGradients(job)) * gemms + attentionCore(job, r, tokens, true)
        + elementwise(job, r, tokens, ffnWidth, true, recipe) + (experts != null ? experts.backward() : 0)
        + FrozenBase.backward(job, r, tokens);
    // Selective recompute re-runs the eager attention core; flash kernels already rebuild scores in backward.
    double recompute = switch (p.recompute()) {
      case NONE -> 0;
      case SELECTIVE -> job.attention().storesScores() ? attention : 0;
      case FULL -> forward;
    };
    return new LayerCompute(forward, backward, recompute);
  }

  /** Forward GEMMs of a dense layer's MLP (a MoE layer's experts are {@link MoeLayerTime}'s). */
  private static double denseMlp(TrainingJob job, StepKernels r, double tokens) {
    ModelSpec m = job.model();
    int matrices = m.gatedMlp() ? 3 : 2;
    return gemmPair(r, tokens, m.hidden(), m.ffn() / (double) job.parallelism().tp(), matrices,
        job.activationBytes());
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
   * under a low-precision recipe, Transformer Engine's casts of every GEMM input.
   */
  private static double elementwise(TrainingJob job, StepKernels r, double tokens, double ffnWidth,
      boolean backward, QuantizationRecipe q) {
    ModelSpec m = job.model();
    Parallelism p = job.parallelism();
    double e = job.activationBytes();
    double h = m.hidden();
    double t = p.tp();
    double rep = p.effectiveSequenceParallel() ? t : 1;
    double ew = elementwiseBytes(job, tokens, h, ffnWidth / t, rep, e);
    int kernels = m.normsPerLayer() + 3 + (m.positional() == Positional.ROPE ? 1 : 0);
    double seconds = backward ? r.stream(2 * ew, 2 * kernels) : r.stream(ew, kernels);
    if (q != QuantizationRecipe.NONE) {
      // The recipe's quantize kernels over every GEMM input: the layer input (twice: QKV and MLP), the
      // attention output and the MLP activation (QuantizationRecipe says which bytes each recipe moves).
      double inputs = tokens * (2 * h / rep + m.valueOutputWidth() / t + ffnWidth / t);
      seconds += backward ? r.stream(q.backwardCastBytes() * inputs, 2 * q.forwardKernels())
          : r.stream(q.forwardCastBytes() * inputs, q.forwardKernels());
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
