package org.llmplan.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidValueException;
import org.llmplan.reliability.FailureModel;
import org.llmplan.reliability.ReliabilityModel;
import org.llmplan.estimate.Durations;
import org.llmplan.estimate.Quantities;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.NodeType;
import org.llmplan.model.MoeSpec;
import org.llmplan.train.TrainingJob;
import org.llmplan.request.TrainingRequest;
import org.llmplan.train.TrainingRun;

/**
 * A layout search as a user states it (the command line and the HTTP API fill one in): the job, which
 * accelerators and how many, the token budget, what to minimise and the limits. {@link #resolve} checks it
 * and applies the defaults.
 *
 * <p>Defaults: GPUs per node and host memory from the GPU's catalog node (else 8 and unknown); sequence as
 * in {@code llmplan train}; global batch 4M tokens (4,194,304 / seq sequences, the order of GPT-3's 3.2M
 * and Llama 3's 4M-16M); objective time; offload only where nothing fits without it; top 10; no deadline,
 * budget or time limit.
 *
 * @param gpu accelerator names; each entry may itself be a comma-separated list
 * @param gpus a fixed GPU count
 * @param maxGpus the largest GPU count: every whole number of nodes up to it is tried (below one node, every
 *     count that divides the node)
 * @param tokens the token budget, e.g. "300B"
 * @param offload when to try offloading state: if-needed (default), always or never
 * @param deadline the longest acceptable time to train, e.g. "30d"
 * @param budget the most money the run may cost, US dollars
 * @param price price per GPU-hour: one number for every GPU, or "gpu=usd,gpu=usd"
 * @param top how many plans to list
 * @param timeLimitSeconds stop the search after this long and answer with the best found so far
 * @param failures rank by the expected time with interruptions and asynchronous checkpoints: "llama3" for
 *     Llama 3's measured rate, or interruptions per GPU-day; null or "none" for failure-free time
 */
public record TrainingSearchRequest(
    String model,
    List<String> gpu,
    Integer gpus,
    Integer maxGpus,
    Integer gpusPerNode,
    String tokens,
    Integer seq,
    Integer globalBatch,
    Long globalBatchTokens,
    String framework,
    String precision,
    String policy,
    String optimizer,
    String attention,
    Double capacityFactor,
    Double hostMemoryGiB,
    Boolean overlapGradReduce,
    String objective,
    String offload,
    String deadline,
    Double budget,
    String price,
    Integer top,
    Double timeLimitSeconds,
    String failures) {

  /** Tokens per optimizer step when the user gives no global batch. */
  public static final long DEFAULT_BATCH_TOKENS = 4L << 20;

  /** Where a failure-aware search assumes checkpoints go (as `llmplan train` does by default). */
  public static final String CHECKPOINT_STORAGE = "lustre";

  private ReliabilityModel failureModel() {
    if (failures == null || failures.equalsIgnoreCase("none")) {
      return null;
    }
    if (failures.equalsIgnoreCase("llama3")) {
      return new ReliabilityModel(FailureModel.llama3());
    }
    double rate;
    try {
      rate = Double.parseDouble(failures);
    } catch (NumberFormatException e) {
      throw new InvalidValueException("--failures takes none, llama3 or interruptions per GPU-day (e.g. "
          + "0.0005), not '" + failures + "'");
    }
    return new ReliabilityModel(FailureModel.of(rate));
  }

  public SearchSpec resolve(Catalog catalog) {
    if (model == null || model.isBlank()) {
      throw new InvalidValueException("say which model: a catalog name or a config.json path");
    }
    List<Accelerator> accelerators = accelerators(catalog);
    if ((gpus == null) == (maxGpus == null)) {
      throw new InvalidValueException("give either --gpus N (one GPU count) or --max-gpus N (every whole-node "
          + "count up to N)");
    }
    if (tokens == null || tokens.isBlank()) {
      throw new InvalidValueException("give the token budget to train on, e.g. --tokens 300B");
    }
    double tokenBudget = Quantities.parseCount("--tokens", tokens);
    SearchObjective goal = objective == null ? SearchObjective.TIME : SearchObjective.parse(objective);
    OffloadChoice offloading = offload == null ? OffloadChoice.IF_NEEDED : OffloadChoice.parse(offload);
    int listed = top == null ? 10 : (int) InvalidValueException.requireInRange("--top", top, 1, 1000);
    double deadlineSeconds = deadline == null ? Double.POSITIVE_INFINITY
        : Durations.parseSeconds("--deadline", deadline);
    double budgetUsd = budget == null ? Double.POSITIVE_INFINITY
        : InvalidValueException.requireInRange("--budget", budget, 0.01, 1e13);
    double limit = timeLimitSeconds == null ? Double.POSITIVE_INFINITY
        : InvalidValueException.requireInRange("time limit (seconds)", timeLimitSeconds, 0.001, 1e6);
    Map<String, Double> prices = prices(catalog, accelerators);
    List<GpuOption> options = new ArrayList<>();
    for (Accelerator a : accelerators) {
      GpuOption option = option(catalog, a, prices.get(a.name()));
      if (option.usdPerGpuHour() <= 0 && (goal == SearchObjective.COST || budget != null)) {
        throw new InvalidValueException("no price is known for " + a.name() + ": pass --price " + a.name()
            + "=USD (per GPU-hour)");
      }
      options.add(option);
    }
    return new SearchSpec(options, tokenBudget, goal, offloading, deadlineSeconds, budgetUsd, listed, limit,
        failureModel(), failureModel() == null ? null : catalog.storage(CHECKPOINT_STORAGE));
  }

  private List<Accelerator> accelerators(Catalog catalog) {
    List<Accelerator> found = new ArrayList<>();
    for (String entry : gpu == null ? List.<String>of() : gpu) {
      for (String name : entry == null ? new String[0] : entry.split(",")) {
        if (!name.isBlank()) {
          Accelerator a = catalog.gpu(name.trim());
          if (!found.contains(a)) {
            found.add(a);
          }
        }
      }
    }
    if (found.isEmpty()) {
      throw new InvalidValueException("say which accelerators to consider: --gpu h100 or --gpu h100,a100-80gb");
    }
    return found;
  }

  /** "2.5" for every GPU, or "h100=4.25,a100-80gb=2.21"; GPUs left out keep the catalog's price. */
  private Map<String, Double> prices(Catalog catalog, List<Accelerator> accelerators) {
    Map<String, Double> prices = new LinkedHashMap<>();
    if (price == null || price.isBlank()) {
      return prices;
    }
    for (String entry : price.split(",")) {
      String[] pair = entry.split("=", 2);
      double usd = number(pair[pair.length - 1]);
      if (pair.length == 1) {
        accelerators.forEach(a -> prices.put(a.name(), usd));
      } else {
        Accelerator a = catalog.gpu(pair[0].trim());
        if (!accelerators.contains(a)) {
          throw new InvalidValueException("--price names " + a.name() + ", which is not among the --gpu choices");
        }
        prices.put(a.name(), usd);
      }
    }
    return prices;
  }

  private static double number(String text) {
    try {
      return InvalidValueException.requireInRange("--price", Double.parseDouble(text.trim()), 0, 1e6);
    } catch (NumberFormatException e) {
      throw new InvalidValueException("--price must be US dollars per GPU-hour, e.g. 2.5 or h100=4.25, got '"
          + text.trim() + "'");
    }
  }

  private GpuOption option(Catalog catalog, Accelerator gpuType, Double usd) {
    NodeType node = catalog.defaultNode(gpuType.name()).orElse(null);
    int perNode = gpusPerNode != null ? gpusPerNode : node != null ? node.gpusPerNode() : 8;
    double host = hostMemoryGiB != null ? hostMemoryGiB : node != null ? node.hostMemoryGiB() : 0;
    String nodeName = node == null ? null : node.name();
    // First the job as given (sequence and batch defaults resolved), then the same with every field explicit.
    TrainingJob given = request(gpuType.name(), nodeName, perNode, host, globalBatch, globalBatchTokens, seq,
        precision, policy, optimizer, framework, attention, overlapGradReduce, capacityFactor).toJob(catalog);
    int batch = globalBatch != null || globalBatchTokens != null ? given.globalBatch()
        : (int) Math.max(1, DEFAULT_BATCH_TOKENS / given.seq());
    double dpOverlap = given.framework().dpOverlap();
    Boolean overlap = overlapGradReduce != null ? overlapGradReduce
        : dpOverlap == 1 ? Boolean.TRUE : dpOverlap == 0 ? Boolean.FALSE : null;
    MoeSpec moe = given.model().moe();
    Double capacity = capacityFactor != null ? capacityFactor
        : moe != null && moe.capacityFactor() > 0 ? moe.capacityFactor() : null;
    TrainingRequest template = request(gpuType.name(), nodeName, perNode, host, batch, null, given.seq(),
        given.precision().label(), given.policy().label(), given.optimizer().label(), given.framework().name(),
        given.attention().label(), overlap, capacity);
    TrainingJob base = template.toJob(catalog);
    TrainingRun pricing = TrainingRun.of(base, null, 0, usd);
    return new GpuOption(template, base, counts(perNode), usd, pricing.usdPerGpuHour());
  }

  private TrainingRequest request(String gpuName, String node, int perNode, double host, Integer batch,
      Long batchTokens, Integer sequence, String compute, String statePolicy, String optimizerName,
      String frameworkName, String attentionName, Boolean overlap, Double capacity) {
    return new TrainingRequest(model, gpuName, null, node, 1, perNode, 1, 1, null, 1, 1, 1, 1, batch, batchTokens,
        sequence, null, null, "none", false, compute, statePolicy, optimizerName, frameworkName, attentionName, "none",
        "none", capacity, host, overlap, null, null);
  }

  private List<Integer> counts(int perNode) {
    if (gpus != null) {
      return List.of((int) InvalidValueException.requireInRange("--gpus", gpus, 1, 1_000_000));
    }
    int max = (int) InvalidValueException.requireInRange("--max-gpus", maxGpus, 1, 1_000_000);
    List<Integer> counts = new ArrayList<>();
    if (max < perNode) {
      for (int c = 1; c <= max; c++) {
        if (perNode % c == 0) {
          counts.add(c);
        }
      }
    }
    for (int c = perNode; c <= max; c += perNode) {
      counts.add(c);
    }
    return counts;
  }
}
