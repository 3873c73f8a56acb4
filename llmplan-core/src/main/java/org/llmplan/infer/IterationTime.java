package org.llmplan.infer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.llmplan.comm.Collectives;
import org.llmplan.comm.GroupPlacement;
import org.llmplan.estimate.Part;
import org.llmplan.hardware.Accelerator;
import org.llmplan.kernel.Gemm;
import org.llmplan.kernel.KernelTimes;
import org.llmplan.model.MlaSpec;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.MoeSpec;
import org.llmplan.profile.EngineProfile;

/**
 * Time of one serving iteration on a deployment, op by op on the accelerator's measured ceilings through the
 * kernel model that training shares ({@link KernelTimes}): the linear layers as GEMMs over all the iteration's
 * tokens (weights read once per step, so decode is bound by weight bytes until the batch nears the ridge
 * point), MoE experts for the experts the batch's tokens actually touch ({@link MoeFeedForward}), prefill
 * attention as flash kernels over the attended pairs, decode attention as a stream of each sequence's KV
 * cache, element-wise kernels through HBM, a fixed cost per kernel, two TP all-reduces per layer
 * ({@link Collectives}), pipeline transfers, the LM head and sampling; then the host: kernel launches outside
 * CUDA graphs, which run ahead of the GPU, and the engine's per-step work that the GPU waits for.
 *
 * <p>Under attention data parallelism each GPU runs attention, the dense layers and the LM head whole on its
 * own share of the tokens (engines balance sequences over the ranks), every MoE layer gathers all tokens to the
 * experts and scatters the results back (all-gather and reduce-scatter inside a node, all-to-all dispatch and
 * combine of the top-k copies across nodes), and no all-reduce remains.
 *
 * <p>GEMMs, and the decode attention kernels, take {@code (c^4 + m^4)^(1/4)} of their compute and memory times,
 * GEMMs with tile and wave quantization ({@link Gemm}). Collectives are affine in their bytes (the alpha-beta model of
 * {@link Collectives}), so their two coefficients are worked out once.
 *
 * <p>Evaluation is arithmetic on fields fixed at construction: no allocation (IterationCostBenchmark).
 */
public final class IterationTime implements IterationCost {
  /** Activations between kernels are 16-bit. */
  private static final double ACT_BYTES = 2;
  /** Kernels outside the layers: embedding, LM head, sampling. */
  private static final int HEAD_KERNELS = 3;

  private final InferenceDeployment d;
  private final KernelTimes k;
  private final Gemm[] attentionGemms;
  private final Gemm[] mlpGemms;
  private final Gemm lmHead;
  /** The MoE layers' feed-forward, or null for a dense model. */
  private final MoeFeedForward moe;
  private final double prefillFlopsPerPair;
  private final double decodeFlopsPerToken;
  private final double kvBytesPerTokenLayer;
  private final double denseElementwisePerToken;
  private final double moeElementwisePerToken;
  private final double hidden;
  private final double vocabLocal;
  private final int layers;
  private final int denseLayers;
  private final int moeLayers;
  private final double stageShare;
  private final double[] tpAllReduce;
  /** Under attention DP: one MoE layer's dispatch and combine, affine in the layer's 16-bit hidden states. */
  private final double[] expertExchange;
  private final int ranks;
  private final double[] logitsGather;
  private final double[] pipelineSend;
  private final double launchSeconds;
  private final double hostSeconds;

  public IterationTime(InferenceDeployment deployment) {
    this.d = deployment;
    ModelSpec m = d.model();
    Accelerator gpu = d.gpu();
    this.k = KernelTimes.of(gpu, d.weights().math(gpu), d.engine().attentionKernel());
    double weightBytes = d.weights().bytesPerWeight(d.groupSize());
    double inputBytes = d.weights().activationBytes(gpu);
    GemmShapes shapes = (cols, inner) -> k.gemm(cols, inner, weightBytes, inputBytes, ACT_BYTES);
    double t = d.attentionTp();
    this.ranks = d.attentionRanks();
    int matrices = m.gatedMlp() ? 2 : 1;
    this.hidden = m.hidden();
    this.vocabLocal = Math.ceil(m.vocab() / t);
    this.attentionGemms = attentionGemms(m, t, shapes);
    this.mlpGemms = m.denseLayers() > 0
        ? new Gemm[] {shapes.of(matrices * m.ffn() / t, hidden), shapes.of(hidden, m.ffn() / t)} : new Gemm[0];
    this.lmHead = k.gemm16(vocabLocal, hidden);
    this.moe = m.moe() != null && m.moeLayers() > 0
        ? new MoeFeedForward(d, k, shapes, matrices, weightBytes) : null;

    double headsLocal = m.heads() / t;
    double qk = m.queryWidth() / (double) m.heads();
    double v = m.valueOutputWidth() / (double) m.heads();
    this.prefillFlopsPerPair = 2 * headsLocal * (qk + v);
    this.decodeFlopsPerToken = decodeFlopsPerToken(m, headsLocal);
    this.kvBytesPerTokenLayer = KvCacheSize.bytesPerTokenPerLayer(m, d.attentionTp(), d.kvPrecision());
    this.denseElementwisePerToken = elementwisePerToken(m, m.denseLayers() > 0 ? m.ffn() / t : 0, matrices);
    MoeSpec e = m.moe();
    this.moeElementwisePerToken = e == null ? 0 : elementwisePerToken(m,
        (e.topK() * (double) e.expertFfn() + e.sharedExperts() * (double) e.sharedExpertFfn()) / t, matrices);

    this.layers = m.layers();
    this.denseLayers = m.denseLayers();
    this.moeLayers = m.moeLayers();
    this.stageShare = (double) d.stageLayers() / m.layers();
    Collectives net = Collectives.of(gpu, d.scaleOut(), d.gpusPerNode());
    int scaleUpGpus = gpu.scaleUpGpus(d.gpusPerNode(), d.gpus()); // an NVL72 rack spans its trays
    GroupPlacement tpGroup = GroupPlacement.of(d.tp(), 1, scaleUpGpus);
    boolean crossesNodes = d.gpus() > scaleUpGpus;
    this.tpAllReduce = affine(bytes -> net.allReduceKernel(bytes, tpGroup));
    this.logitsGather = affine(bytes -> net.allGather(bytes, GroupPlacement.of(d.attentionTp(), 1,
        d.gpusPerNode())));
    double copies = m.isMoe() ? (double) m.moe().topK() / ranks : 0;
    this.expertExchange = affine(bytes -> tpGroup.withinNode()
        ? net.allGather(bytes, tpGroup) + net.reduceScatter(bytes, tpGroup)
        : 2 * net.allToAll(bytes * copies, tpGroup));
    this.pipelineSend = affine(bytes -> net.sendReceive(bytes, crossesNodes));
    this.launchSeconds = d.engine().launchMicros() * 1e-6;
    this.hostSeconds = d.engine().hostStepMicros() * 1e-6;
  }

  /** A weight matrix of {@code cols} outputs and {@code inner} inputs in the deployment's weight format. */
  @FunctionalInterface
  interface GemmShapes {
    Gemm of(double cols, double inner);
  }

  /** Decode reads the cache as stored: MLA's absorbed kernels work on the latent (FlashMLA), GQA on the heads. */
  private static double decodeFlopsPerToken(ModelSpec m, double headsLocal) {
    MlaSpec mla = m.mla();
    return mla != null
        ? 2 * headsLocal * (2.0 * mla.kvLoraRank() + mla.qkRopeHeadDim())
        : 2 * headsLocal * 2 * m.headDim();
  }

  /** One layer's attention projections on one GPU. */
  private static Gemm[] attentionGemms(ModelSpec m, double t, GemmShapes shapes) {
    double h = m.hidden();
    MlaSpec mla = m.mla();
    if (mla == null) {
      double kv = 2.0 * KvCacheSize.kvHeadsPerRank(m, (int) t) * m.headDim();
      return new Gemm[] {shapes.of(m.queryWidth() / t + kv, h), shapes.of(h, m.valueOutputWidth() / t)};
    }
    double heads = m.heads();
    double qInner = mla.qLoraRank() > 0 ? mla.qLoraRank() : h;
    return new Gemm[] {
        shapes.of(mla.qLoraRank() + mla.kvLoraRank() + mla.qkRopeHeadDim(), h), // down-projections, replicated
        shapes.of(heads * mla.qkHeadDim() / t, qInner),
        shapes.of(heads * (mla.qkNopeHeadDim() + mla.vHeadDim()) / t, mla.kvLoraRank()),
        shapes.of(h, heads * mla.vHeadDim() / t)};
  }

  /**
   * The (alpha, beta) of a collective's time {@code alpha + beta x bytes} for positive byte counts: the ring
   * costs of {@link Collectives} are affine in the bytes, so two evaluations fix them.
   */
  private static double[] affine(DoubleUnaryOperator seconds) {
    double mib = 1 << 20;
    double one = seconds.applyAsDouble(mib);
    double beta = (seconds.applyAsDouble(2 * mib) - one) / mib;
    return new double[] {one - beta * mib, beta};
  }

  private static double apply(double[] alphaBeta, double bytes) {
    return bytes > 0 ? alphaBeta[0] + alphaBeta[1] * bytes : 0;
  }

  /**
   * HBM bytes per token of a layer's element-wise kernels: fused add-norms (read input and residual, write
   * both), the gated activation, rotary on queries and keys, and the KV-cache write. Serving engines fuse the
   * FP8/INT8 quantization of GEMM inputs into the norm and activation kernels, so it adds no pass of its own.
   */
  private double elementwisePerToken(ModelSpec m, double ffnLocal, int matrices) {
    double h = m.hidden();
    double qk = (m.queryWidth() + m.keyValueWidth()) / (double) d.attentionTp();
    return ACT_BYTES * (m.normsPerLayer() * 4 * h + (matrices + 1) * ffnLocal + 2 * qk) + kvBytesPerTokenLayer;
  }

  @Override
  public double seconds(long prefillTokens, long prefillAttendedPairs, int decodeSequences, long decodeContextTokens) {
    double gpu = gpuSeconds(prefillTokens, prefillAttendedPairs, decodeSequences, decodeContextTokens, 1)
        + (d.pp() - 1) * pipelineTransfer(prefillTokens + decodeSequences);
    return withHost(gpu, d.pp() * launchCpuSeconds(prefillTokens, decodeSequences));
  }

  /**
   * Time of the slowest pipeline stage (the most layers, and the LM head): with PP, engines keep one batch per
   * stage in flight, so this, not {@link #seconds}, paces the output.
   */
  public double stageSeconds(long prefillTokens, long prefillAttendedPairs, int decodeSequences,
      long decodeContextTokens) {
    double gpu = gpuSeconds(prefillTokens, prefillAttendedPairs, decodeSequences, decodeContextTokens, stageShare)
        + (d.pp() > 1 ? pipelineTransfer(prefillTokens + decodeSequences) : 0);
    return withHost(gpu, launchCpuSeconds(prefillTokens, decodeSequences));
  }

  /** Time to first token of one prompt alone: its prefill, in chunks of the token budget when chunking is on. */
  public double ttftSeconds(int promptTokens) {
    int chunk = d.chunkedPrefill() && d.maxBatchedTokens() > 0 ? d.maxBatchedTokens() : promptTokens;
    double total = 0;
    for (long done = 0; done < promptTokens; done += chunk) {
      long c = Math.min(chunk, promptTokens - done);
      total += seconds(c, c * done + c * (c + 1) / 2, 0, 0);
    }
    return total;
  }

  /** Time per output token of {@code batch} sequences decoding together, each with {@code context} tokens. */
  public double tpotSeconds(int batch, long context) {
    return seconds(0, 0, batch, (long) batch * context);
  }

  /** The iteration's time in named parts (as {@link #seconds}) that sum to it. */
  public List<Part> explain(long prefillTokens, long prefillAttendedPairs, int decodeSequences,
      long decodeContextTokens) {
    double tokens = prefillTokens + (double) decodeSequences;
    double rows = sampledRows(prefillTokens, prefillAttendedPairs, decodeSequences);
    double total = seconds(prefillTokens, prefillAttendedPairs, decodeSequences, decodeContextTokens);
    List<Part> parts = List.of(
        Part.leaf("linearLayers", linearSeconds(tokens), String.format(Locale.ROOT, "GEMMs over %.0f tokens, %s "
            + "weights read once", tokens, d.weights().label())),
        Part.leaf("prefillAttention", layers * prefillAttention(prefillAttendedPairs / (double) ranks),
            prefillAttendedPairs + " attended pairs on flash kernels" + perRank()),
        Part.leaf("decodeAttention", layers * decodeAttention(decodeContextTokens / (double) ranks),
            decodeContextTokens + " cached tokens read" + perRank()),
        Part.leaf("elementwise", elementwiseSeconds(tokens / ranks), "norms, activation, rotary, KV write"),
        Part.leaf("kernelOverhead", kernelOverheadSeconds(), fixedKernels() + " kernels x "
            + d.gpu().kernelCeilings().kernelMicros() + " us"),
        Part.leaf("tpCommunication", tpSeconds(tokens, rows), ranks > 1 ? "expert dispatch and combine per MoE "
            + "layer over EP " + d.ep() : "2 all-reduces per layer over TP " + d.tp()),
        Part.leaf("lmHeadAndSampling", headSeconds(tokens / ranks, rows / ranks), String.format(Locale.ROOT,
            "%.0f rows", rows)),
        Part.leaf("pipelineTransfers", (d.pp() - 1) * pipelineTransfer(tokens), (d.pp() - 1) + " stage hand-offs"));
    double gpu = parts.stream().mapToDouble(Part::value).sum();
    List<Part> all = new ArrayList<>(parts);
    all.add(Part.leaf("hostExposed", Math.max(0, total - gpu), "kernel launches and per-step work the GPU waits for"));
    return all;
  }

  private String perRank() {
    return ranks > 1 ? ", split over " + ranks + " attention-DP ranks" : "";
  }

  private double withHost(double gpu, double launches) {
    return Math.max(gpu, launches) + hostSeconds;
  }

  private double gpuSeconds(long prefill, long pairs, int decode, long context, double share) {
    double tokens = prefill + (double) decode;
    double rows = sampledRows(prefill, pairs, decode);
    double r = ranks;
    double layerWork = linearSeconds(tokens) + layers * (prefillAttention(pairs / r) + decodeAttention(context / r))
        + elementwiseSeconds(tokens / r) + layers * d.engine().kernelsPerLayer() * k.kernelSeconds()
        + layerCommunication(tokens);
    return share * layerWork + headSeconds(tokens / r, rows / r) + HEAD_KERNELS * k.kernelSeconds()
        + logitsGather(rows);
  }

  /**
   * Sequences sampled this iteration: every decoding one, and each prompt whose prefill ends here. Prompts
   * are not counted by the contract; for chunks starting at position 0, tokens n*c and pairs n*c*(c+1)/2 give
   * the chunk length c = 2 * pairs / tokens - 1 and so n.
   */
  private static double sampledRows(long prefill, long pairs, int decode) {
    if (prefill <= 0) {
      return decode;
    }
    double chunk = Math.max(1, 2.0 * pairs / prefill - 1);
    return decode + Math.max(1, prefill / chunk);
  }

  private double linearSeconds(double tokens) {
    if (tokens <= 0) {
      return 0;
    }
    double local = tokens / ranks;
    double attention = gemms(local, attentionGemms);
    double dense = denseLayers * (attention + gemms(local, mlpGemms));
    return moe == null ? dense : dense + moeLayers * (attention + moe.seconds(local, tokens));
  }

  static double gemms(double rows, Gemm[] gemms) {
    double sum = 0;
    for (Gemm g : gemms) {
      sum += g.seconds(rows);
    }
    return sum;
  }

  private double prefillAttention(double pairs) {
    return k.flashForward(pairs * prefillFlopsPerPair);
  }

  private double decodeAttention(double context) {
    return k.attentionStream(context * decodeFlopsPerToken, context * kvBytesPerTokenLayer);
  }

  private double elementwiseSeconds(double tokens) {
    return k.stream(tokens * (denseLayers * denseElementwisePerToken + moeLayers * moeElementwisePerToken));
  }

  private int fixedKernels() {
    return layers * d.engine().kernelsPerLayer() + HEAD_KERNELS;
  }

  private double kernelOverheadSeconds() {
    return fixedKernels() * k.kernelSeconds();
  }

  /** All layers' collectives: two TP all-reduces each, or under attention DP each MoE layer's exchange. */
  private double layerCommunication(double tokens) {
    double bytes = tokens * hidden * ACT_BYTES;
    return ranks > 1 ? moeLayers * apply(expertExchange, bytes) : layers * 2 * apply(tpAllReduce, bytes);
  }

  private double tpSeconds(double tokens, double rows) {
    return layerCommunication(tokens) + logitsGather(rows);
  }

  /** vLLM and TensorRT-LLM gather the vocab-parallel logits of the sampled rows onto one rank. */
  private double logitsGather(double rows) {
    return apply(logitsGather, rows * vocabLocal * d.attentionTp() * ACT_BYTES);
  }

  /** Embedding gather, the 16-bit LM head over the sampled rows, and sampling over FP32 logits. */
  private double headSeconds(double tokens, double rows) {
    double embedding = k.stream(tokens * hidden * 2 * ACT_BYTES);
    if (rows <= 0) {
      return embedding;
    }
    double head = lmHead.seconds(rows);
    double sampling = k.stream(rows * vocabLocal * 8); // FP32 logits written, then read by the sampler
    return embedding + head + sampling;
  }

  private double pipelineTransfer(double tokens) {
    return apply(pipelineSend, tokens * hidden * ACT_BYTES);
  }

  /** CPU time of one stage's kernel launches: a graph replay, graph pieces around attention, or every kernel. */
  private double launchCpuSeconds(long prefill, int decode) {
    EngineProfile e = d.engine();
    double tokens = (prefill + decode) / (double) ranks;
    int stageLayers = d.stageLayers();
    double launches = switch (e.cudaGraphs()) {
      case DECODE -> prefill == 0 && decode / (double) ranks <= e.cudaGraphMaxBatch() ? 1
          : stageLayers * e.kernelsPerLayer();
      case PIECEWISE -> tokens <= e.cudaGraphMaxBatch() ? 2 * stageLayers : stageLayers * e.kernelsPerLayer();
      case NONE -> stageLayers * e.kernelsPerLayer();
    };
    return (launches + HEAD_KERNELS) * launchSeconds;
  }

  public InferenceDeployment deployment() {
    return d;
  }
}
