package org.llmplan.infer;

import org.llmplan.kernel.Gemm;
import org.llmplan.kernel.KernelTimes;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.MoeSpec;

/**
 * The feed-forward of one MoE layer on one GPU of a deployment: the shared experts and the router as GEMMs
 * over every token, and the routed experts for the tokens' top-k copies spread over the expert-parallel ranks
 * and the weights of the experts they touch, E x (1 - (1 - k/E)^tokens) of them under uniform routing.
 * With experts spread over EP ranks, the layer waits for the busiest rank: of n = tokens x k copies sent each
 * to one of EP ranks at random, the largest share is about n/EP + sqrt(2 (n/EP)(1 - 1/EP) ln EP) (the expected
 * maximum of EP near-normal counts), which matters at small batch and vanishes relative to n/EP at large.
 * Under attention DP the shared experts and the router run on each rank's own tokens.
 */
final class MoeFeedForward {
  /** Activations between kernels are 16-bit. */
  private static final double ACT_BYTES = 2;

  private final KernelTimes k;
  private final Gemm[] sharedExperts;
  private final Gemm router;
  /** ln(1 - k/E): the log-probability that a token's top-k skips a given expert. */
  private final double logMissed;
  private final double topK;
  private final double ep;
  private final double localExperts;
  private final double expertParamsLocal;
  private final double expertActivationWidth;
  private final double weightBytes;

  /**
   * @param shapes the deployment's weight matrices
   * @param matrices 2 for a gated MLP (gate and up fused), else 1: the up-projection's multiple of the width
   */
  MoeFeedForward(InferenceDeployment d, KernelTimes k, IterationTime.GemmShapes shapes, int matrices,
      double weightBytes) {
    ModelSpec m = d.model();
    MoeSpec moe = m.moe();
    double t = d.attentionTp();
    double h = m.hidden();
    double shared = (double) moe.sharedExperts() * moe.sharedExpertFfn() / t;
    this.k = k;
    this.sharedExperts = shared > 0
        ? new Gemm[] {shapes.of(matrices * shared, h), shapes.of(h, shared)} : new Gemm[0];
    this.router = k.gemm16(moe.experts(), h);
    this.logMissed = Math.log1p(-(double) moe.topK() / moe.experts());
    this.topK = moe.topK();
    this.ep = d.ep();
    this.localExperts = (double) moe.experts() / d.ep();
    double expertWidth = moe.expertFfn() / (d.ep() == 1 ? d.tp() : 1);
    this.expertParamsLocal = (matrices + 1) * h * expertWidth;
    this.expertActivationWidth = 2 * h + (matrices + 1) * expertWidth;
    this.weightBytes = weightBytes;
  }

  /**
   * @param localTokens tokens of one attention rank (all of them without attention DP)
   * @param tokens tokens of the whole replica, which the routed experts share
   */
  double seconds(double localTokens, double tokens) {
    return IterationTime.gemms(localTokens, sharedExperts) + routedExperts(tokens) + router.seconds(localTokens);
  }

  /** Rows of the busiest expert-parallel rank. */
  double busiestRankRows(double tokens) {
    double mean = tokens * topK / ep;
    return ep > 1 ? mean + Math.sqrt(2 * mean * (1 - 1 / ep) * Math.log(ep)) : mean;
  }

  private double routedExperts(double tokens) {
    double rows = busiestRankRows(tokens);
    double touched = localExperts * (1 - Math.exp(tokens * logMissed));
    double compute = k.gemmCompute(2 * rows * expertParamsLocal);
    double memory = k.stream(touched * expertParamsLocal * weightBytes + rows * expertActivationWidth * ACT_BYTES);
    return Gemm.overlap(compute, memory);
  }
}
