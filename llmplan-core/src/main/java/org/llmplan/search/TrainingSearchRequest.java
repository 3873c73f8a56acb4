package org.llmplan.search;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
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
import org.llmplan.request.BatchShape;
import org.llmplan.request.FlatJson;
import org.llmplan.request.FrameworkOptions;
import org.llmplan.request.HardwareChoice;
import org.llmplan.request.PrecisionRecipe;
import org.llmplan.train.TrainingJob;
import org.llmplan.request.TrainingRequest;
import org.llmplan.train.TrainingRun;

/**
 * A layout search as a user states it (the command line and the HTTP API fill one in): the model, which
 * accelerators and how many, the batch, precision and framework of the job (the parts of a
 * {@link TrainingRequest}), and the token budget, objective and limits. {@link #resolve} checks it and applies
 * the defaults. In JSON it is one flat object with the parts' fields ({@link FlatJson}).
 *
 * <p>Defaults: GPUs per node and host memory from the GPU's catalog node (else 8 and unknown); sequence as
 * in {@code llmplan train}; global batch 4M tokens (4,194,304 / seq sequences, the order of GPT-3's 3.2M
 * and Llama 3's 4M-16M); objective time; offload only where nothing fits without it; top 10; no deadline,
 * budget or time limit; failure-free time.
 *
 * @param model a catalog model name or a config.json path
 */
@JsonDeserialize(using = FlatJson.Deserializer.class)
public record TrainingSearchRequest(
    String model,
    @JsonUnwrapped SearchHardware hardware,
    @JsonUnwrapped BatchShape batch,
    @JsonUnwrapped PrecisionRecipe recipe,
    @JsonUnwrapped FrameworkOptions frameworkOptions,
    @JsonUnwrapped SearchGoal goal) {

  /** Tokens per optimizer step when the user gives no global batch. */
  public static final long DEFAULT_BATCH_TOKENS = 4L << 20;

  /** Where a failure-aware search assumes checkpoints go (as `llmplan train` does by default). */
  public static final String CHECKPOINT_STORAGE = "lustre";

  /** Parts are never null: a part left out is one with nothing stated. */
  public TrainingSearchRequest {
    hardware = hardware != null ? hardware : SearchHardware.UNSET;
    batch = batch != null ? batch : BatchShape.UNSET;
    recipe = recipe != null ? recipe : PrecisionRecipe.UNSET;
    frameworkOptions = frameworkOptions != null ? frameworkOptions : FrameworkOptions.UNSET;
    goal = goal != null ? goal : SearchGoal.UNSET;
  }

  private ReliabilityModel failureModel() {
    String failures = goal.failures();
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
    SearchGoal g = goal;
    if ((hardware.gpus() == null) == (hardware.maxGpus() == null)) {
      throw new InvalidValueException("give either --gpus N (one GPU count) or --max-gpus N (every whole-node "
          + "count up to N)");
    }
    if (g.tokens() == null || g.tokens().isBlank()) {
      throw new InvalidValueException("give the token budget to train on, e.g. --tokens 300B");
    }
    double tokenBudget = Quantities.parseLargeCount("--tokens", g.tokens(), "tokens");
    SearchObjective objective = g.objective() == null ? SearchObjective.TIME : SearchObjective.parse(g.objective());
    OffloadChoice offloading = g.offload() == null ? OffloadChoice.IF_NEEDED : OffloadChoice.parse(g.offload());
    int listed = g.top() == null ? 10 : (int) InvalidValueException.requireInRange("--top", g.top(), 1, 1000);
    double deadlineSeconds = g.deadline() == null ? Double.POSITIVE_INFINITY
        : Durations.parseSeconds("--deadline", g.deadline());
    double budgetUsd = g.budget() == null ? Double.POSITIVE_INFINITY
        : InvalidValueException.requireInRange("--budget", g.budget(), 0.01, 1e13);
    double limit = g.timeLimitSeconds() == null ? Double.POSITIVE_INFINITY
        : InvalidValueException.requireInRange("time limit (seconds)", g.timeLimitSeconds(), 0.001, 1e6);
    Map<String, Double> prices = prices(catalog, accelerators);
    List<GpuOption> options = new ArrayList<>();
    for (Accelerator a : accelerators) {
      GpuOption option = option(catalog, a, prices.get(a.name()));
      if (option.usdPerGpuHour() <= 0 && (objective == SearchObjective.COST || g.budget() != null)) {
        throw new InvalidValueException("no price is known for " + a.name() + ": pass --price " + a.name()
            + "=USD (per GPU-hour)");
      }
      options.add(option);
    }
    return new SearchSpec(options, tokenBudget, objective, offloading, deadlineSeconds, budgetUsd, listed, limit,
        failureModel(), failureModel() == null ? null : catalog.storage(CHECKPOINT_STORAGE),
        g.rankBy() == null ? RankBy.ESTIMATE : RankBy.parse(g.rankBy()));
  }

  private List<Accelerator> accelerators(Catalog catalog) {
    List<Accelerator> found = new ArrayList<>();
    for (String entry : hardware.gpu() == null ? List.<String>of() : hardware.gpu()) {
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
    String price = goal.price();
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
    int perNode = hardware.gpusPerNode() != null ? hardware.gpusPerNode() : node != null ? node.gpusPerNode() : 8;
    double host = hardware.hostMemoryGiB() != null ? hardware.hostMemoryGiB() : node != null ? node.hostMemoryGiB() : 0;
    // First the job as given on one GPU (sequence and batch defaults resolved), then the same with every field
    // explicit; each layout the search tries replaces the layout (GpuOption.planRequest).
    TrainingRequest given = TrainingRequest.of(model).with(HardwareChoice.builder().gpu(gpuType.name())
        .node(node == null ? null : node.name()).gpus(1).gpusPerNode(perNode).hostMemoryGiB(host).build())
        .with(batch).with(recipe).with(frameworkOptions);
    TrainingJob job = given.toJob(catalog);
    int sequences = batch.globalBatch() != null || batch.globalBatchTokens() != null ? job.globalBatch()
        : (int) Math.max(1, DEFAULT_BATCH_TOKENS / job.seq());
    TrainingRequest template = given.with(BatchShape.builder().globalBatch(sequences).seq(job.seq()).build())
        .with(PrecisionRecipe.builder().precision(job.precisionLabel()).policy(job.policy().label())
            .optimizer(job.optimizer().label()).build())
        .with(explicit(job));
    TrainingJob base = template.toJob(catalog);
    TrainingRun pricing = TrainingRun.of(base, null, 0, usd);
    return new GpuOption(template, base, counts(perNode), usd, pricing.usdPerGpuHour());
  }

  /** The framework options of {@code job} written out; the overlap only where the framework fixes it. */
  private FrameworkOptions explicit(TrainingJob job) {
    FrameworkOptions stated = frameworkOptions;
    double dpOverlap = job.framework().dpOverlap();
    Boolean overlap = stated.overlapGradReduce() != null ? stated.overlapGradReduce()
        : dpOverlap == 1 ? Boolean.TRUE : dpOverlap == 0 ? Boolean.FALSE : null;
    MoeSpec moe = job.model().moe();
    Double capacity = stated.capacityFactor() != null ? stated.capacityFactor()
        : moe != null && moe.capacityFactor() > 0 ? moe.capacityFactor() : null;
    return FrameworkOptions.builder().framework(job.framework().name()).attention(job.attention().label())
        .overlapGradReduce(overlap).capacityFactor(capacity).headroom(stated.headroom()).build();
  }

  private List<Integer> counts(int perNode) {
    if (hardware.gpus() != null) {
      return List.of((int) InvalidValueException.requireInRange("--gpus", hardware.gpus(), 1, 1_000_000));
    }
    int max = (int) InvalidValueException.requireInRange("--max-gpus", hardware.maxGpus(), 1, 1_000_000);
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
