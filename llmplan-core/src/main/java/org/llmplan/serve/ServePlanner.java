package org.llmplan.serve;

import java.nio.file.Path;
import org.llmplan.catalog.Catalog;
import org.llmplan.comm.Collectives;
import org.llmplan.error.InvalidValueException;
import org.llmplan.estimate.Quantities;
import org.llmplan.hardware.Price;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.infer.InferenceEstimate;
import org.llmplan.infer.InferenceMemory;
import org.llmplan.request.InferenceRequest;
import org.llmplan.infer.RequestLengths;
import org.llmplan.request.EngineOptions;
import org.llmplan.request.NumberFormats;
import org.llmplan.request.ReplicaLayout;
import org.llmplan.request.TokenCounts;
import org.llmplan.serving.ArrivalProcess;
import org.llmplan.serving.Capacity;
import org.llmplan.serving.CapacitySearch;
import org.llmplan.serving.Deployment;
import org.llmplan.serving.KvTransfer;
import org.llmplan.serving.LengthDistribution;
import org.llmplan.serving.RequestRates;
import org.llmplan.serving.Requests;
import org.llmplan.serving.ServingCost;
import org.llmplan.serving.ServingInstance;
import org.llmplan.serving.ServingInstances;
import org.llmplan.serving.ServingMetrics;
import org.llmplan.serving.ServingSimulator;
import org.llmplan.serving.Slo;
import org.llmplan.serving.TraceFile;
import org.llmplan.serving.Workload;

/**
 * Answers a {@link ServeRequest}: the memory verdict of the deployment, a simulation of the traffic on one
 * replica (or one prefill/decode unit), and under latency targets the capacity search and the cost.
 *
 * <p>Latency figures leave out the requests of the warm-up, the first tenth of the run but at most a minute:
 * the time an empty system takes to fill up. The capacity search runs on a short run of the same traffic,
 * about {@value #SEARCH_REQUESTS} requests at the replica's offline throughput, and at least
 * {@value #SEARCH_LATENCIES} times one request's unloaded latency, so that a queue that grows has time to
 * show.
 */
public final class ServePlanner {
  static final int SEARCH_REQUESTS = 1000;
  static final int SEARCH_LATENCIES = 20;
  private static final long DEFAULT_SEED = 1;
  private static final double DEFAULT_DURATION_SECONDS = 3600;

  private final Catalog catalog;
  private final int maxRequests;

  /** @param maxRequests the most requests one simulation may hold (the API bounds its work with it) */
  public ServePlanner(Catalog catalog, int maxRequests) {
    this.catalog = catalog;
    this.maxRequests = maxRequests;
  }

  public ServeResult plan(ServeRequest r) {
    Workload workload = workload(r);
    RequestLengths lengths = meanLengths(workload, seed(r));
    InferenceRequest explicit = explicit(r.deployment(), lengths);
    InferenceDeployment d = explicit.toDeployment(catalog);
    InferenceEstimate estimate = InferenceEstimate.of(d, lengths);
    Slo slo = slo(r);
    Price catalogPrice = d.gpu().price();
    double price = price(r.price(), d);
    String priceSource = r.price() != null ? "given" : catalogPrice != null ? catalogPrice.source() + " ("
        + catalogPrice.date() + ")" : "no price known: pass a price";
    if (!estimate.memory().fits()) {
      return new ServeResult(r, explicit, estimate, null, workload.describe(), workload.ratePerSecond(), 0, null, slo,
          null, null, null, price, priceSource);
    }
    Deployment deployment = deployment(r, d, estimate.memory());
    Requests requests = workload.requests(seed(r));
    if (requests.count() > maxRequests) {
      throw new InvalidValueException(requests.count() + " requests are more than the " + maxRequests
          + " one simulation here may hold: shorten the duration or lower the rate");
    }
    double warmup = warmup(requests.lastArrivalSeconds());
    ServingMetrics metrics = new ServingSimulator().simulate(deployment, requests, warmup);
    if (slo == null) {
      return new ServeResult(r, explicit, estimate, deployment, workload.describe(), workload.ratePerSecond(), warmup,
          metrics, null, null, null, null, price, priceSource);
    }
    Capacity capacity = capacity(deployment, workload, estimate, slo, seed(r), CapacitySearch.DEFAULT_TOLERANCE);
    ServingCost cost = capacity instanceof Capacity.Sustained s
        ? ServingCost.of(s, deployment.gpus(), workload.ratePerSecond(), price) : null;
    return new ServeResult(r, explicit, estimate, deployment, workload.describe(), workload.ratePerSecond(), warmup,
        metrics, slo, slo.miss(metrics).orElse(null), capacity, cost, price, priceSource);
  }

  /** The highest rate {@code deployment} sustains under {@code slo}, on a short run of the traffic. */
  Capacity capacity(Deployment deployment, Workload workload, InferenceEstimate estimate, Slo slo, long seed,
      double tolerance) {
    Workload shortRun = workload;
    if (workload instanceof Workload.Synthetic s) {
      double unloaded = estimate.ttftSeconds() + estimate.lengths().output() * estimate.tpotSeconds();
      double duration = Math.max(SEARCH_LATENCIES * unloaded,
          SEARCH_REQUESTS / (estimate.offline().requestsPerSecond() * units(deployment)));
      shortRun = new Workload.Synthetic(s.arrivals(), s.input(), s.output(), Math.min(duration, s.durationSeconds()));
    }
    double warmup = warmup(shortRun.requests(seed).lastArrivalSeconds());
    return new CapacitySearch(slo, warmup, seed, tolerance).search(deployment, shortRun);
  }

  /** Replicas' worth of GPUs in a deployment (a disaggregated unit is several). */
  private static int units(Deployment deployment) {
    return deployment instanceof Deployment.Disaggregated split
        ? split.prefillInstances() + split.decodeInstances() : 1;
  }

  static double warmup(double lastArrivalSeconds) {
    return Math.min(60, 0.1 * lastArrivalSeconds);
  }

  static long seed(ServeRequest r) {
    return r.seed() != null ? r.seed() : DEFAULT_SEED;
  }

  /** The price per GPU-hour: given, else the catalog's, else 0. */
  static double price(Double given, InferenceDeployment d) {
    if (given != null) {
      return InvalidValueException.requireInRange("the price per GPU-hour", given, 0, 1e4);
    }
    return d.gpu().price() != null ? d.gpu().price().usdPerHour() : 0;
  }

  static Workload workload(ServeRequest r) {
    if (r.trace() != null) {
      if (r.input() != null || r.output() != null || r.arrivals() != null || r.duration() != null) {
        throw new InvalidValueException("a trace gives arrivals and lengths: drop input, output, arrivals and "
            + "duration, or drop the trace");
      }
      Workload trace = TraceFile.read(Path.of(r.trace()));
      return r.rate() != null ? trace.atRate(RequestRates.require(RequestRates.parse(r.rate()))) : trace;
    }
    if (r.input() == null || r.output() == null) {
      throw new InvalidValueException("give the prompt and answer lengths (input and output, e.g. 1000 or "
          + "lognormal:2000,0.6), or a trace");
    }
    if (r.rate() == null) {
      throw new InvalidValueException("give the request rate (e.g. 5 or 300/min), or a trace");
    }
    double rate = RequestRates.require(RequestRates.parse(r.rate()));
    double duration = r.duration() != null ? Quantities.parseSeconds("the duration", r.duration())
        : DEFAULT_DURATION_SECONDS;
    return new Workload.Synthetic(ArrivalProcess.of(r.arrivals() != null ? r.arrivals() : "poisson", rate),
        LengthDistribution.parse(r.input()), LengthDistribution.parse(r.output()), duration);
  }

  /** Mean prompt and answer lengths, whole tokens: what the memory estimate sizes requests by. */
  static RequestLengths meanLengths(Workload workload, long seed) {
    if (workload instanceof Workload.Synthetic s) {
      return new RequestLengths(whole(s.input().mean()), whole(s.output().mean()));
    }
    Requests trace = workload.requests(seed);
    double input = 0;
    double output = 0;
    for (int i = 0; i < trace.count(); i++) {
      input += trace.inputTokens(i);
      output += trace.outputTokens(i);
    }
    return new RequestLengths(whole(input / trace.count()), whole(output / trace.count()));
  }

  private static int whole(double tokens) {
    return (int) Math.max(1, Math.round(tokens));
  }

  static Slo slo(ServeRequest r) {
    if (r.ttftP99() == null && r.tpotP99() == null) {
      return null;
    }
    return new Slo(target("the TTFT p99 target", r.ttftP99()), target("the TPOT p99 target", r.tpotP99()));
  }

  private static double target(String name, String text) {
    if (text == null) {
      return Double.POSITIVE_INFINITY;
    }
    double seconds = Quantities.parseSeconds(name, text);
    if (!(seconds > 0)) {
      throw new InvalidValueException(name + " must be above 0, got '" + text + "'");
    }
    return seconds;
  }

  /** Every field of the request filled in: the defaults resolved against the catalog, the lengths the means. */
  InferenceRequest explicit(InferenceRequest given, RequestLengths lengths) {
    if (given == null) {
      throw new InvalidValueException("say which deployment: a model and a GPU");
    }
    TokenCounts sizedFor = TokenCounts.builder().input(lengths.input()).output(lengths.output()).build();
    InferenceDeployment d = given.with(sizedFor).toDeployment(catalog);
    return InferenceRequest.of(given.model(), d.gpu().name())
        .with(ReplicaLayout.builder().tp(d.tp()).pp(d.pp()).ep(d.ep()).attentionDp(d.attentionDp()).build())
        .with(NumberFormats.builder().precision(d.weights().label()).kvPrecision(d.kvPrecision().label())
            .groupSize(d.groupSize()).build())
        .with(EngineOptions.builder().engine(d.engine().name()).maxNumSeqs(d.maxNumSeqs())
            .maxBatchedTokens(d.maxBatchedTokens()).gpuMemoryUtilization(d.gpuMemoryUtilization())
            .blockSize(d.blockSize()).maxModelLen(d.maxModelLen()).chunkedPrefill(d.chunkedPrefill()).build())
        .with(sizedFor);
  }

  /**
   * The link a prefill:decode unit moves KV over, per GPU: the scale-up link (NVLink, NIXL's CUDA IPC path)
   * when the unit's GPUs share one scale-up domain, else each GPU's share of the network.
   */
  static double kvLinkBytesPerSecond(InferenceDeployment d, int instances) {
    Collectives net = Collectives.of(d.gpu(), d.scaleOut(), d.gpusPerNode());
    int domain = d.gpu().scaleUp() != null ? Math.max(d.gpusPerNode(), d.gpu().scaleUp().domain()) : d.gpusPerNode();
    return (long) instances * d.gpus() <= domain ? net.scaleUp().busBytesPerSecond()
        : net.network().busBytesPerSecond();
  }

  /** One replica, or a prefill:decode unit of replicas of the same deployment. */
  Deployment deployment(ServeRequest r, InferenceDeployment d, InferenceMemory memory) {
    ServingInstance replica = ServingInstances.of(d, memory, r.staticBatch());
    if (r.disaggregated() == null) {
      if (r.kvLinkGbps() != null) {
        throw new InvalidValueException("the KV link bandwidth applies to disaggregated serving: add "
            + "disaggregated P:D or drop it");
      }
      return new Deployment.Aggregated(replica);
    }
    String[] pd = r.disaggregated().trim().split(":", -1);
    int prefill;
    int decode;
    try {
      prefill = pd.length == 2 ? Integer.parseInt(pd[0].trim()) : -1;
      decode = pd.length == 2 ? Integer.parseInt(pd[1].trim()) : -1;
    } catch (NumberFormatException e) {
      prefill = -1;
      decode = -1;
    }
    if (prefill < 1 || decode < 1) {
      throw new InvalidValueException("cannot read disaggregated '" + r.disaggregated() + "': write PREFILL:DECODE "
          + "instances, e.g. 1:2");
    }
    double link = r.kvLinkGbps() != null
        ? InvalidValueException.requireInRange("the KV link (Gbit/s)", r.kvLinkGbps(), 1e-3, 1e6) * 1e9 / 8
        : kvLinkBytesPerSecond(d, prefill + decode);
    return new Deployment.Disaggregated(replica, prefill, replica, decode,
        new KvTransfer(memory.kvBytesPerToken(), link));
  }
}
