package org.llmplan.serve;

import java.util.List;

/**
 * A search for the cheapest deployment that serves a rate under latency targets.
 *
 * @param base the traffic, targets, price and every deployment setting held fixed; its GPU and precision may
 *     be comma-separated lists to search over
 * @param maxTp the largest tensor parallelism tried (powers of two from 1; default 8)
 * @param maxNumSeqs the max-num-seqs values tried (default 64, 128, 256, 512)
 * @param top candidates to report (default 5)
 * @param disaggregated whether to try a 1:1 prefill/decode unit of every deployment beside it
 */
public record ServeSearchRequest(ServeRequest base, Integer maxTp, List<Integer> maxNumSeqs, Integer top,
    Boolean disaggregated) {}
