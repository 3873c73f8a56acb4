package org.llmplan.serving;

import java.util.ArrayList;
import java.util.List;
import org.llmplan.infer.IterationCost;

/** An iteration cost that remembers what each iteration ran; by default the same time whatever runs. */
final class Iterations implements IterationCost {
  record Call(long prefillTokens, long attendedPairs, int decodeSequences, long decodeContextTokens) {}

  final List<Call> calls = new ArrayList<>();
  private final IterationCost timing;

  Iterations(double seconds) {
    this((p, pairs, d, context) -> seconds);
  }

  Iterations(IterationCost timing) {
    this.timing = timing;
  }

  @Override
  public double seconds(long prefillTokens, long attendedPairs, int decodeSequences, long decodeContextTokens) {
    calls.add(new Call(prefillTokens, attendedPairs, decodeSequences, decodeContextTokens));
    return timing.seconds(prefillTokens, attendedPairs, decodeSequences, decodeContextTokens);
  }

  /** The calls that timed iterations (a mixed iteration also asks for its prompt and decode parts alone). */
  List<Call> iterations() {
    List<Call> timed = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      Call c = calls.get(i);
      timed.add(c);
      if (c.prefillTokens() > 0 && c.decodeSequences() > 0) {
        i += 2;
      }
    }
    return timed;
  }

  static Requests requests(double[] arrivals, int[] input, int[] output) {
    return new Requests(arrivals, input, output);
  }

  static Deployment.Aggregated replica(IterationCost cost, long kvTokens, SchedulerPolicy policy) {
    return new Deployment.Aggregated(new ServingInstance(cost, kvTokens, 16, policy, 1));
  }

  static SchedulerPolicy continuous(int maxTokens, int maxSequences, boolean chunked) {
    return new SchedulerPolicy.ContinuousBatching(maxTokens, maxSequences, chunked);
  }
}
