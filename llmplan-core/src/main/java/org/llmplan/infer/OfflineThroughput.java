package org.llmplan.infer;

import org.llmplan.profile.KvReservation;
import org.llmplan.profile.Batching;
import org.llmplan.error.InvalidLayoutException;

/**
 * Steady-state throughput of a replica given fixed input and output lengths and more requests than it can
 * run at once (trtllm-bench throughput, vLLM benchmark_throughput), or a fixed number of clients that send
 * the next request when one returns. With continuous batching, B sequences are in flight; each iteration
 * decodes one token for each and prefills the B / O prompts that replace the sequences finishing, so it
 * produces B output tokens. B is the smallest of max-num-seqs, the clients, what the KV cache holds (whole
 * requests when the engine reserves them at admission, I + O/2 tokens on average when it pages on demand)
 * and what the token budget feeds (B (I + O - 1) / O tokens per iteration). A static batch instead prefills
 * together and decodes to the end before the next one starts.
 *
 * @param concurrency sequences in flight, B (time-averaged: may be fractional)
 * @param limitedBy what sets B: "max-num-seqs", "clients", "kv-cache" or "max-batched-tokens"
 * @param iterationSeconds one iteration at that concurrency (a pipeline stage's, with PP)
 * @param ttftSeconds first token of a request once admitted: the iteration that carries its whole prompt
 * @param tpotSeconds time per output token after the first
 * @param e2eSeconds a request from admission to its last token: ttft + (O - 1) x tpot
 */
public record OfflineThroughput(
    RequestLengths lengths,
    int gpus,
    double concurrency,
    String limitedBy,
    double iterationSeconds,
    double outputTokensPerSecond,
    double ttftSeconds,
    double tpotSeconds,
    double e2eSeconds) {

  /** Output and input tokens per second. */
  public double totalTokensPerSecond() {
    return outputTokensPerSecond * lengths.total() / lengths.output();
  }

  public double requestsPerSecond() {
    return outputTokensPerSecond / lengths.output();
  }

  public double outputTokensPerSecondPerGpu() {
    return outputTokensPerSecond / gpus;
  }

  /** With all requests queued at once. */
  public static OfflineThroughput estimate(IterationTime cost, InferenceMemory memory, RequestLengths lengths) {
    return estimate(cost, memory, lengths, Integer.MAX_VALUE);
  }

  /**
   * With at most {@code clients} requests in flight; fails with the memory estimate's reason when one request
   * does not fit.
   */
  public static OfflineThroughput estimate(IterationTime cost, InferenceMemory memory, RequestLengths lengths,
      int clients) {
    InferenceDeployment d = cost.deployment();
    lengths.checkAgainst(d);
    if (!memory.fits()) {
      throw new InvalidLayoutException("does not fit: " + memory.reason());
    }
    double in = lengths.input();
    double out = lengths.output();
    boolean continuous = d.engine().batching() == Batching.CONTINUOUS;
    double b = d.sequenceCap();
    String limit = "max-num-seqs";
    if (clients < b) {
      b = clients;
      limit = "clients";
    }
    double kv = continuous && d.engine().kvReservation() == KvReservation.ON_DEMAND
        ? memory.kvTokens() / (in + out / 2 + d.blockSize() / 2.0)
        : memory.sequencesAtFullLength();
    if (kv < b) {
      b = kv;
      limit = "kv-cache";
    }
    if (continuous && d.tokenBudget() > 0) {
      double fed = d.tokenBudget() * out / (in + out - 1);
      if (fed < b) {
        b = fed;
        limit = "max-batched-tokens";
      }
    }
    if (b <= 1) {
      return alone(cost, d, lengths, limit);
    }
    return continuous ? continuous(cost, d, lengths, b, limit) : staticBatch(cost, d, lengths, b, limit);
  }

  /** One request at a time: its prefill, then O - 1 decode steps at the mean context. */
  private static OfflineThroughput alone(IterationTime cost, InferenceDeployment d, RequestLengths lengths,
      String limit) {
    double ttft = cost.ttftSeconds(lengths.input());
    double tpot = cost.tpotSeconds(1, Math.round(lengths.input() + lengths.output() / 2.0));
    double e2e = ttft + (lengths.output() - 1) * tpot;
    return new OfflineThroughput(lengths, d.gpus(), 1, limit, tpot, lengths.output() / e2e, ttft, tpot, e2e);
  }

  /** One batch of b per pipeline stage in flight: each stage turns out b tokens per stage time. */
  private static OfflineThroughput continuous(IterationTime cost, InferenceDeployment d, RequestLengths lengths,
      double b, String limit) {
    long in = lengths.input();
    long out = lengths.output();
    double micro = b / d.pp();
    double prompts = micro / out;
    double decoding = micro - prompts;
    long pairs = Math.round(prompts * in * (in + 1) / 2);
    long context = Math.round(decoding * (in + out / 2.0));
    double stage = cost.stageSeconds(Math.round(prompts * in), pairs, (int) Math.round(decoding), context);
    double tpot = d.pp() * stage;
    int others = (int) Math.round(Math.max(0, micro - 1));
    double ttft = cost.seconds(in, in * (in + 1) / 2, others, Math.round(others * (in + out / 2.0)));
    return new OfflineThroughput(lengths, d.gpus(), b, limit, stage, micro / stage, ttft, tpot,
        ttft + (out - 1) * tpot);
  }

  /** Waves of b requests: a joint prefill, then O - 1 decode steps at the mean context. */
  private static OfflineThroughput staticBatch(IterationTime cost, InferenceDeployment d, RequestLengths lengths,
      double b, String limit) {
    long in = lengths.input();
    long out = lengths.output();
    int batch = (int) Math.floor(b);
    long prompt = batch * in;
    double prefill = cost.seconds(prompt, batch * (in * (in + 1) / 2), 0, 0);
    double tpot = cost.tpotSeconds(batch, Math.round(in + out / 2.0));
    double wave = prefill + (out - 1) * tpot;
    return new OfflineThroughput(lengths, d.gpus(), batch, limit, tpot, batch * out / wave, prefill, tpot, wave);
  }
}
