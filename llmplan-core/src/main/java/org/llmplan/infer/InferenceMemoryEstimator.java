package org.llmplan.infer;

import org.llmplan.profile.MemoryBudget;
import org.llmplan.profile.EngineProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.llmplan.error.PlanInputException;
import org.llmplan.estimate.Part;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Precision;
import org.llmplan.model.ModelSpec;

/**
 * Serving memory per GPU: weights in their format with group scales ({@link StageWeights}), the activation
 * workspace the engine sizes for its token budget, the engine's runtime (CUDA context, graphs, NCCL buffers),
 * and the KV-cache pool that takes what the engine's budget leaves ({@link MemoryBudget}); from the pool, the
 * tokens and requests it holds (paged in blocks). The capacity formula is the one vLLM's worker and
 * TensorRT-LLM's KV-cache manager apply (shared/reference inference-network-storage.md 2.1).
 */
public final class InferenceMemoryEstimator {

  /** The binding stage's memory and, when it does not fit, the single changes that would help. */
  public InferenceMemory estimate(InferenceDeployment d, RequestLengths lengths) {
    InferenceMemory m = bindingStage(d, lengths);
    return m.fits() ? m : m.withLevers(levers(d, lengths));
  }

  /** The pipeline stage whose pool holds the fewest tokens (the first stage carries the extra layers). */
  public InferenceMemory bindingStage(InferenceDeployment d, RequestLengths lengths) {
    InferenceMemory worst = stage(d, lengths, StageWeights.of(d, 0));
    if (d.pp() > 1) {
      InferenceMemory last = stage(d, lengths, StageWeights.of(d, d.pp() - 1));
      worst = last.kvTokens() < worst.kvTokens() || !last.fits() && worst.fits() ? last : worst;
    }
    return worst;
  }

  private InferenceMemory stage(InferenceDeployment d, RequestLengths lengths, StageWeights w) {
    ModelSpec m = d.model();
    EngineProfile e = d.engine();
    double capacity = d.gpu().memoryBytes();
    Part weights = weights(d, w);
    Part activations = activations(d, lengths);
    Part runtime = runtime(d);
    double util = d.gpuMemoryUtilization();
    double others = activations.value() + runtime.value();
    double pool = switch (e.memoryBudget()) {
      case TOTAL -> util * capacity - weights.value() - others;
      case STATIC -> util * capacity - weights.value();
      case FREE -> util * (capacity - weights.value() - others);
    };
    double perToken = w.layers() * KvCacheSize.bytesPerTokenPerLayer(m, d.attentionTp(), d.kvPrecision());
    long blocks = pool > 0 ? (long) Math.floor(pool / (perToken * d.blockSize())) : 0;
    double kvBytes = blocks * d.blockSize() * perToken;
    int ranks = d.attentionRanks();
    // each attention-DP rank keeps the whole cache of its own sequences: the replica holds ranks x a GPU's pool
    long tokens = blocks * d.blockSize() * ranks;
    Part kv = Part.leaf("kvCache", kvBytes, String.format(Locale.ROOT, "%,d blocks of %d tokens; ", blocks,
        d.blockSize()) + budgetBasis(d) + (ranks > 1 ? "; one pool per attention-DP rank" : ""));
    double used = weights.value() + others + kvBytes;
    Part unused = Part.leaf("unused", Math.max(0, capacity - used), "left by the engine's memory share ("
        + fmt(util) + ") and the rounding of the pool to whole blocks");
    List<Part> parts = List.of(weights, activations, runtime, kv, unused);

    long perSequence = blocksFor(lengths.total(), d.blockSize());
    long atFullLength = blocks / perSequence * ranks;
    long concurrent = Math.min(atFullLength, d.sequenceCap());
    String reason = reason(d, capacity, pool, used, tokens, lengths, weights, others);
    String stageName = d.pp() == 1 ? "only" : w.index() == 0 ? "first"
        : w.index() == d.pp() - 1 ? "last" : "number " + (w.index() + 1);
    String perTokenBasis = w.layers() + " layers x " + KvCacheSize.formula(m, d.attentionTp(), d.kvPrecision());
    return new InferenceMemory(stageName, parts, used, capacity, perToken, perTokenBasis, blocks, tokens,
        lengths.total(), atFullLength, concurrent, reason, List.of(), notes(d, tokens));
  }

  private static long blocksFor(long tokens, int blockSize) {
    return (tokens + blockSize - 1) / blockSize;
  }

  private static Part weights(InferenceDeployment d, StageWeights w) {
    String share = (d.attentionRanks() > 1 ? "experts / EP " + d.ep() + ", "
        : d.tp() > 1 ? "/ TP " + d.tp() + ", " : "") + w.layers() + " layers"
        + (w.moeLayers() > 0 ? " (" + w.moeLayers() + " MoE)" : "");
    List<Part> children = List.of(
        Part.leaf("layer matrices", w.quantizedBytes(d), count(w.quantized()) + " params x "
            + fmt(d.weights().bytes()) + " B (" + d.weights().label() + ") " + share),
        Part.leaf("quantization scales", w.scaleBytes(d), d.weights().scaleBasis(d.groupSize())),
        Part.leaf("16-bit tensors", w.sixteenBitBytes(), count(w.sixteenBit()) + " params x 2 B: embedding, LM "
            + "head, norms, routers (quantizers keep them in 16 bits)"));
    return Part.sum("weights", "parameters held on this GPU", children);
  }

  /**
   * The largest live activations of one forward pass over the engine's token budget (the hidden state, the
   * residual and the widest GEMM output of a layer, in 16 bits) and FP32 logits for every sequence it samples:
   * what vLLM's profiling run and TensorRT-LLM's runtime buffers reserve.
   */
  private static Part activations(InferenceDeployment d, RequestLengths lengths) {
    ModelSpec m = d.model();
    double tokens = workspaceTokens(d, lengths);
    double t = d.attentionTp();
    double ffn = m.isMoe()
        ? (m.moe().topK() * (double) m.moe().expertFfn() + m.moe().sharedExperts() * (double) m.moe().sharedExpertFfn())
        : m.ffn();
    double ffnLocal = ffn / t;
    double qkvLocal = m.queryWidth() / t + 2.0 * KvCacheSize.kvHeadsPerRank(m, d.attentionTp()) * m.headDim();
    double widest = Math.max(qkvLocal, (m.gatedMlp() ? 2 : 1) * ffnLocal);
    double hidden = tokens * (2.0 * m.hidden() + widest + ffnLocal) * 2;
    double rows = Math.min(tokens, d.maxNumSeqs() > 0 ? d.maxNumSeqs() : Integer.MAX_VALUE);
    double logits = rows * m.vocab() / t * 4;
    return Part.sum("activations", "workspace of one forward pass over " + count(tokens) + " tokens",
        List.of(Part.leaf("hidden states", hidden, count(tokens) + " tokens x (2h + widest GEMM output + FFN) x 2 B"),
            Part.leaf("logits", logits, count(rows) + " sampled rows x vocab/TP x 4 B (FP32)")));
  }

  /** Tokens one iteration may carry: the token budget, or a whole static batch of prompts. */
  static double workspaceTokens(InferenceDeployment d, RequestLengths lengths) {
    if (d.maxBatchedTokens() > 0) {
      return d.maxBatchedTokens();
    }
    return (double) Math.min(d.sequenceCap() / d.attentionRanks(), 1_000_000) * lengths.input();
  }

  private static Part runtime(InferenceDeployment d) {
    EngineProfile e = d.engine();
    List<Part> children = List.of(
        Part.leaf("CUDA context and graphs", e.runtimeReservedGiB() * Accelerator.GIB, fmt(e.runtimeReservedGiB())
            + " GiB (" + e.name() + " profile)"),
        Part.leaf("communication buffers", d.gpus() > 1 ? e.commBuffersGiB() * Accelerator.GIB : 0,
            fmt(e.commBuffersGiB()) + " GiB of NCCL buffers when a replica spans GPUs"));
    return Part.sum("engineRuntime", "memory the engine takes besides tensors", children);
  }

  private static String budgetBasis(InferenceDeployment d) {
    String u = fmt(d.gpuMemoryUtilization());
    return switch (d.engine().memoryBudget()) {
      case TOTAL -> u + " x GPU memory - weights - activations - runtime";
      case STATIC -> u + " x GPU memory - weights";
      case FREE -> u + " x (GPU memory - weights - activations - runtime)";
    };
  }

  private static String reason(InferenceDeployment d, double capacity, double pool, double used, long tokens,
      RequestLengths lengths, Part weights, double others) {
    String engine = d.engine().name();
    if (pool <= 0 || used > capacity) {
      return String.format(Locale.ROOT, "weights (%s GiB) with activations and runtime (%s GiB) leave no room for "
          + "a KV cache in the %s GiB %s may use", gib(weights.value()), gib(others),
          gib(d.engine().memoryBudget() == MemoryBudget.FREE ? capacity : d.gpuMemoryUtilization() * capacity),
          engine);
    }
    if (tokens < lengths.total()) {
      return "the KV cache holds " + tokens + " tokens, fewer than one request of " + lengths.total()
          + " (input " + lengths.input() + " + output " + lengths.output() + ")";
    }
    return null;
  }

  private static List<String> notes(InferenceDeployment d, long tokens) {
    ModelSpec m = d.model();
    List<String> notes = new ArrayList<>();
    if (m.mla() == null && m.kvHeads() < d.attentionTp()) {
      notes.add("KV heads " + m.kvHeads() + " < TP " + d.tp() + ": each rank keeps a replicated KV head, so TP "
          + "above " + m.kvHeads() + " no longer shrinks the KV cache per GPU");
    }
    if (tokens > 0 && tokens < d.maxModelLen()) {
      notes.add("the KV cache holds " + tokens + " tokens, fewer than the max model length " + d.maxModelLen()
          + ": vLLM refuses to start and other engines cap the length; pass --max-model-len " + tokens
          + " or less");
    }
    return notes;
  }

  /** One change at a time: more TP, more PP, narrower weights or KV, a larger memory share. */
  private List<InferenceMemory.Lever> levers(InferenceDeployment d, RequestLengths lengths) {
    List<InferenceMemory.Lever> levers = new ArrayList<>();
    int domain = Math.max(d.gpusPerNode(), d.tp());
    for (int tp = d.tp() * 2; tp <= domain; tp *= 2) {
      int t = tp;
      lever(levers, "--tp " + t, lengths, () -> d.with(t, d.pp(), d.weights(), d.kvPrecision(),
          d.gpuMemoryUtilization()));
    }
    for (int pp = d.pp() * 2; pp <= Math.min(8 * d.pp(), d.model().layers()); pp *= 2) {
      int p = pp;
      lever(levers, "--pp " + p, lengths, () -> d.with(d.tp(), p, d.weights(), d.kvPrecision(),
          d.gpuMemoryUtilization()));
    }
    for (WeightFormat f : narrowerFormats(d)) {
      if (f.bytesPerWeight(d.groupSize()) < d.weights().bytesPerWeight(d.groupSize())) {
        lever(levers, "--precision " + f.label(), lengths, () -> d.with(d.tp(), d.pp(), f, d.kvPrecision(),
            d.gpuMemoryUtilization()));
      }
    }
    if (d.kvPrecision().bytes() > 1) {
      lever(levers, "--kv-precision fp8", lengths, () -> d.with(d.tp(), d.pp(), d.weights(), Precision.FP8,
          d.gpuMemoryUtilization()));
    }
    if (d.gpuMemoryUtilization() < 0.95) {
      lever(levers, "--gpu-memory-utilization 0.95", lengths, () -> d.with(d.tp(), d.pp(), d.weights(),
          d.kvPrecision(), 0.95));
    }
    levers.sort(Comparator.comparing((InferenceMemory.Lever l) -> !l.fits())
        .thenComparingInt(InferenceMemory.Lever::gpus)
        .thenComparing(Comparator.comparingLong(InferenceMemory.Lever::kvTokens).reversed()));
    return levers;
  }

  /** The 8-bit format, then the 4-bit one the GPU runs best: NVFP4 on FP4 tensor cores, else W4A16. */
  private static List<WeightFormat> narrowerFormats(InferenceDeployment d) {
    boolean fp4 = d.gpu().peakFlops(Precision.FP4) > 0;
    return List.of(WeightFormat.FP8, fp4 ? WeightFormat.NVFP4 : WeightFormat.INT4);
  }

  private void lever(List<InferenceMemory.Lever> levers, String change, RequestLengths lengths,
      Supplier<InferenceDeployment> changed) {
    try {
      InferenceDeployment c = changed.get();
      InferenceMemory m = bindingStage(c, lengths);
      levers.add(new InferenceMemory.Lever(change, c.gpus(), m.kvTokens(), m.maxConcurrentSequences(), m.fits()));
    } catch (PlanInputException e) {
      // a change the layout rules reject (TP not dividing the heads) is no lever
    }
  }

  private static String gib(double bytes) {
    return String.format(Locale.ROOT, "%.2f", bytes / Accelerator.GIB);
  }

  private static String count(double n) {
    if (n >= 1e9) {
      return String.format(Locale.ROOT, "%.2fB", n / 1e9);
    }
    if (n >= 1e6) {
      return String.format(Locale.ROOT, "%.1fM", n / 1e6);
    }
    return String.format(Locale.ROOT, "%,.0f", n);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v)
        .replaceAll("0$", "");
  }
}
