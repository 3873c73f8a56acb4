package org.llmplan.emit;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidLayoutException;
import org.llmplan.error.InvalidValueException;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.infer.InferenceEstimate;
import org.llmplan.infer.RequestLengths;
import org.llmplan.plan.PlanFile;
import org.llmplan.plan.ServingPlan;
import org.llmplan.profile.EngineProfile;

/**
 * A saved serving plan resolved for launching: the replica rebuilt from the catalog and its figures recomputed
 * by the same estimators as {@code llmplan memory infer} (memory, KV capacity, latency alone, throughput with the
 * queue full), so the flags, the autoscaling bounds and the alert thresholds agree with what the user was shown.
 *
 * @param engine the launch plug-in of the replica's engine
 * @param deployment one replica
 * @param estimate memory, KV capacity and speed of one replica at the plan's request lengths
 * @param replicas replicas that serve the target rate (the autoscaler's minimum)
 * @param name name shared by every file (Kubernetes objects, Prometheus labels)
 * @param image serving image: a pinned engine release unless --image says otherwise
 */
public record ServingLaunch(
    PlanFile plan,
    ServingPlan serving,
    ServingEngine engine,
    InferenceDeployment deployment,
    InferenceEstimate estimate,
    int replicas,
    String name,
    String image) {

  /** The OpenAI-compatible port of both servers; /health and /metrics are served on it too. */
  public static final int PORT = 8000;

  public static ServingLaunch of(PlanFile plan, Catalog catalog, LaunchSettings settings) {
    ServingPlan serving = plan.requireServing("a serving bundle");
    if (serving.deployment() == null) {
      throw new InvalidValueException("the serving plan has no deployment; save it again with llmplan serve");
    }
    if (serving.disaggregated() != null) {
      // The reference holds no verified flags or manifests of a disaggregated server (NVIDIA Dynamo, llm-d,
      // trtllm-serve's disaggregated mode), and aggregated files would not run the plan's split.
      throw new InvalidValueException("the plan splits prefill and decode (" + serving.disaggregated() + "), and "
          + "llmplan writes launch files for aggregated replicas only; plan again without --disaggregated to emit");
    }
    InferenceDeployment d = serving.deployment().toDeployment(catalog);
    ServingEngine engine = launchable(d.engine(), catalog);
    if (!"NVIDIA".equalsIgnoreCase(d.gpu().vendor())) {
      throw new InvalidValueException("launch bundles target NVIDIA GPUs (CUDA images, DCGM metrics); "
          + d.gpu().name() + " is made by " + d.gpu().vendor());
    }
    if (d.gpus() > d.gpusPerNode() && d.gpus() % d.gpusPerNode() != 0) {
      throw new InvalidLayoutException("a replica of " + d.gpus() + " GPUs (TP " + d.tp() + " x PP " + d.pp()
          + ") does not fill whole nodes of " + d.gpusPerNode() + "; every pod of a multi-node replica takes a "
          + "whole node, so use TP x PP that is a multiple of " + d.gpusPerNode());
    }
    int replicas = serving.replicas() != null ? serving.replicas() : 1;
    InvalidValueException.requireInRange("replicas", replicas, 1, 10_000);
    requirePositive("rate", serving.ratePerSecond());
    requirePositive("TTFT p99 target", serving.ttftP99Seconds());
    requirePositive("TPOT p99 target", serving.tpotP99Seconds());
    RequestLengths lengths = serving.deployment().lengths();
    InferenceEstimate estimate = InferenceEstimate.of(d, lengths);
    if (!estimate.memory().fits()) {
      throw new InvalidLayoutException("the replica does not fit: " + estimate.memory().reason()
          + "; change the layout before emitting");
    }
    String name = settings.name() != null ? settings.name() : LaunchSettings.nameFrom("serve", d.model().name());
    String image = settings.image() != null ? settings.image() : engine.image();
    return new ServingLaunch(plan, serving, engine, d, estimate, replicas, name, image);
  }

  /** The engine's plug-in, or one line naming the catalog's engines whose plug-ins launch. */
  private static ServingEngine launchable(EngineProfile profile, Catalog catalog) {
    ServingEngine engine = Plugins.of(profile);
    if (!engine.launches()) {
      List<String> launched = catalog.engines().stream().filter(e -> Plugins.of(e).launches())
          .map(EngineProfile::name).toList();
      throw new InvalidValueException("serving bundles launch " + String.join(" or ", launched) + "; the plan's "
          + "engine is " + profile.name() + ", so plan again with " + launched.stream().map(e -> "--engine " + e)
          .collect(Collectors.joining(" or ")));
    }
    return engine;
  }

  private static void requirePositive(String what, Double value) {
    if (value != null && !(value > 0 && value < 1e9)) {
      throw new InvalidValueException(what + " " + value + " must be a positive number");
    }
  }

  /** Nodes one replica spans: 1, or TP x PP / GPUs per node when it does not fit in one. */
  public int nodesPerReplica() {
    return Math.max(1, deployment.gpus() / deployment.gpusPerNode());
  }

  /** GPUs each pod (each node of a replica) asks for. */
  public int gpusPerPod() {
    return deployment.gpus() / nodesPerReplica();
  }

  /**
   * The checkpoint the server loads: the model's Hugging Face id (the catalog alias with an owner, such as
   * meta-llama/Llama-3.1-70B) or, for a model without one, its catalog name, to be replaced by a local path.
   */
  public String modelId() {
    return deployment.model().aliases().stream().filter(a -> a.matches("[A-Za-z0-9._-]+/[A-Za-z0-9._-]+"))
        .findFirst().orElse(deployment.model().name());
  }

  public Optional<Double> ttftSlo() {
    return Optional.ofNullable(serving.ttftP99Seconds());
  }

  public Optional<Double> tpotSlo() {
    return Optional.ofNullable(serving.tpotP99Seconds());
  }

  /** "llama-3.1-70b on 2 replicas x 4 h100-sxm (TP4 PP1 bf16 weights, fp8 KV, vllm)". */
  public String what() {
    return deployment.model().name() + " on " + replicas + " replica" + (replicas == 1 ? "" : "s") + " x "
        + deployment.gpus() + " " + deployment.gpu().name() + " (" + deployment.label() + ")";
  }

  /** Per-replica figures as memory infer reports them. */
  public String expected() {
    return String.format(Locale.ROOT, "%.0f output tokens/s and %.2f requests/s per replica with the queue full "
        + "(%d in / %d out tokens), KV cache %d tokens per replica", estimate.offline().outputTokensPerSecond(),
        estimate.offline().requestsPerSecond(), estimate.lengths().input(), estimate.lengths().output(),
        estimate.memory().kvTokens());
  }

  /** Comment lines ("# ...") naming the plan and its expected figures, at the top of every file. */
  public String header(String title) {
    return "# " + title + " for " + name + ", generated by llmplan from plan.json\n"
        + "# " + what() + "\n"
        + "# Expected: " + expected() + "\n";
  }
}
