package org.llmplan.serving;

/**
 * What a serving simulation measured. Latencies are per request and count only the requests that arrived
 * after the warm-up; throughputs, utilisation and queue figures cover the whole run.
 *
 * <ul>
 *   <li>TTFT (time to first token): from a request's arrival to the end of the iteration that samples its
 *       first answer token (disaggregated: to the arrival of its KV at the decode pool, which streams it).
 *   <li>TPOT (time per output token): per request, (last token time - first token time) / (output tokens - 1),
 *       the mean gap after the first token; requests with a one-token answer have none.
 *   <li>ITL (inter-token latency): every gap between consecutive tokens of a request, pooled over all requests
 *       (so long answers weigh more than in TPOT); percentiles to 0.1 %.
 *   <li>E2E: from arrival to the last token.
 *   <li>Queueing: from arrival to the start of the first iteration that works on the request.
 * </ul>
 *
 * @param requests requests served (all finish)
 * @param measuredRequests those behind the latency figures (arrived after the warm-up)
 * @param spanSeconds from the first arrival to the last token
 * @param requestsPerSecond requests / span
 * @param outputTokensPerSecond answer tokens / span
 * @param totalTokensPerSecond prompt and answer tokens / span
 * @param busyFraction share of the span the GPUs spent running iterations (weighted by GPUs per instance)
 * @param inputWorkFraction share of the busy GPU time spent on prompt work: a mixed iteration is split in
 *     proportion to the time its prompt part and its decode part would take alone; used to split cost between
 *     input and output tokens
 * @param iterations iterations run, all instances together
 * @param preemptions times a running sequence lost its KV cache for lack of blocks (it is then recomputed)
 * @param peakKvTokens most KV-cache tokens (whole blocks) in use at once on one instance
 * @param peakKvFraction that peak over the instance's capacity (the highest over instances)
 * @param meanRequestsInSystem time-average of requests arrived and not finished, over the span
 * @param peakRequestsInSystem the most at once
 */
public record ServingMetrics(
    int requests,
    int measuredRequests,
    double spanSeconds,
    LatencySummary ttftSeconds,
    LatencySummary tpotSeconds,
    LatencySummary itlSeconds,
    LatencySummary e2eSeconds,
    LatencySummary queueingSeconds,
    long inputTokens,
    long outputTokens,
    double requestsPerSecond,
    double outputTokensPerSecond,
    double totalTokensPerSecond,
    double busyFraction,
    double inputWorkFraction,
    long iterations,
    long preemptions,
    long peakKvTokens,
    double peakKvFraction,
    double meanRequestsInSystem,
    int peakRequestsInSystem) {

  static ServingMetrics of(RequestTable t, Engine[] engines, double inSystemSeconds, int peakInSystem) {
    int n = t.count;
    double[] ttft = new double[n];
    double[] tpot = new double[n];
    double[] e2e = new double[n];
    double[] queueing = new double[n];
    int measured = 0;
    int withTpot = 0;
    long input = 0;
    long output = 0;
    double end = 0;
    for (int i = 0; i < n; i++) {
      input += t.input[i];
      output += t.output[i];
      end = Math.max(end, t.finish[i]);
      if (!t.measured(i)) {
        continue;
      }
      ttft[measured] = t.firstToken[i] - t.arrival[i];
      e2e[measured] = t.finish[i] - t.arrival[i];
      queueing[measured] = t.firstScheduled[i] - t.arrival[i];
      measured++;
      if (t.output[i] > 1) {
        tpot[withTpot++] = (t.finish[i] - t.firstToken[i]) / (t.output[i] - 1);
      }
    }
    double span = end - t.arrival[0];
    double gpuBusy = 0;
    double gpuInput = 0;
    int gpus = 0;
    long iterations = 0;
    long peakKv = 0;
    double peakKvFraction = 0;
    for (Engine e : engines) {
      int g = e.instance.gpus();
      gpus += g;
      gpuBusy += e.busySeconds * g;
      gpuInput += e.inputSeconds * g;
      iterations += e.iterations;
      long used = (long) e.peakUsedBlocks * e.instance.blockSizeTokens();
      peakKv = Math.max(peakKv, used);
      peakKvFraction = Math.max(peakKvFraction, e.peakUsedBlocks / (double) e.totalBlocks());
    }
    return new ServingMetrics(n, measured, span,
        LatencySummary.of(ttft, measured), LatencySummary.of(tpot, withTpot),
        LatencySummary.of(t.itlNanos(), t.itlSumSeconds, t.itlMaxSeconds), LatencySummary.of(e2e, measured),
        LatencySummary.of(queueing, measured),
        input, output, n / span, output / span, (input + output) / span,
        gpuBusy / (gpus * span), gpuBusy > 0 ? gpuInput / gpuBusy : 0, iterations, t.preemptions, peakKv,
        peakKvFraction, inSystemSeconds / span, peakInSystem);
  }
}
