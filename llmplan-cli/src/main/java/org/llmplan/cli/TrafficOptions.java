package org.llmplan.cli;

import org.llmplan.request.InferenceRequest;
import org.llmplan.serve.ServeRequest;
import picocli.CommandLine.Option;

/** Options that describe the traffic to serve, the latency targets and the price. */
public final class TrafficOptions {
  @Option(names = "--input", paramLabel = "DIST", description = "Prompt lengths: 1000, uniform:100-1000, "
      + "lognormal:2000,0.6, lognormal:p50=1500,p90=4000 or file:PATH.")
  String input;

  @Option(names = "--output", paramLabel = "DIST", description = "Answer lengths, written like --input.")
  String output;

  @Option(names = "--rate", paramLabel = "R", description = "Mean request rate: 50, 50/s, 600/min; with --trace, "
      + "the rate to stretch the trace to.")
  String rate;

  @Option(names = "--arrivals", paramLabel = "KIND", description = "poisson, constant or gamma:cv=3 (bursty; "
      + "default: poisson).")
  String arrivals;

  @Option(names = "--trace", paramLabel = "FILE", description = "Replay a trace (CSV or JSON Lines: "
      + "arrival_seconds, input_tokens, output_tokens) instead of --input/--output/--arrivals.")
  String trace;

  @Option(names = "--duration", paramLabel = "TIME", description = "Simulated time: 1h, 10min, 90s (default: 1h).")
  String duration;

  @Option(names = "--seed", description = "Random seed of the generated traffic (default: 1).")
  Long seed;

  @Option(names = "--ttft-p99", paramLabel = "TIME", description = "Time-to-first-token target at the 99th "
      + "percentile, e.g. 2s.")
  String ttftP99;

  @Option(names = "--tpot-p99", paramLabel = "TIME", description = "Time-per-output-token target at the 99th "
      + "percentile, e.g. 50ms.")
  String tpotP99;

  @Option(names = "--price", paramLabel = "USD", description = "Price per GPU-hour: one number, or gpu=usd pairs "
      + "(h100=4.25,a100-80gb=2.21); default: the catalog's dated price.")
  String price;

  PriceOption price() {
    return PriceOption.parse(price);
  }

  /** The serving question of {@code deployment} under this traffic. */
  ServeRequest toRequest(InferenceRequest deployment, Integer staticBatch, String disaggregated, Double kvLinkGbps) {
    return ServeRequest.builder().deployment(deployment).input(input).output(output).rate(rate).arrivals(arrivals)
        .trace(trace).duration(duration).seed(seed).ttftP99(ttftP99).tpotP99(tpotP99).staticBatch(staticBatch)
        .disaggregated(disaggregated).kvLinkGbps(kvLinkGbps).price(price().single())
        .build();
  }
}
