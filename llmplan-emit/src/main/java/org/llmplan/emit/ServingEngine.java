package org.llmplan.emit;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A serving engine's launch plug-in: everything about a serving bundle that depends on the engine's name
 * (server command, image, options file, metric names). A catalog entry names its plug-in ({@code plugin:} in
 * engines.yaml) and {@link Plugins} finds it; manifests, alerts, dashboards and the README ask the plug-in.
 */
public interface ServingEngine {
  /** The name a catalog entry gives in {@code plugin:}; also the Prometheus job of its servers. */
  String name();

  /** The engine as people write it ("vLLM"). */
  String title();

  /** Whether llmplan can launch it; a plan for an engine that cannot is refused before anything is written. */
  default boolean launches() {
    return true;
  }

  /** The pinned server image. */
  String image();

  /** Its launch-script targets, added to the serving targets. */
  default List<ServingTarget> targets() {
    return List.of();
  }

  /** Which engines' launch targets a default bundle of this engine's plan holds (its own, and alternatives). */
  default List<String> bundleTargets() {
    return targets().stream().map(ServingTarget::name).toList();
  }

  /**
   * The server's command for one replica.
   *
   * @param model the checkpoint (a word that may reference a variable)
   * @param optionsFile where the engine finds its {@link #options} file, when it reads one
   */
  EngineCommand command(ServingLaunch plan, String model, String optionsFile);

  /** The tree of the engine's options file, or an empty map when its flags say everything. */
  default Map<String, Object> options(ServingLaunch plan) {
    return Map.of();
  }

  /** The path of the server's Prometheus text on {@link ServingLaunch#PORT}, for scrape configs and annotations. */
  default String metricsPath() {
    return "/metrics";
  }

  /**
   * How the pods of one replica that spans nodes start (a LeaderWorkerSet group): the leader runs the server over
   * every node's GPUs, the workers join it.
   *
   * @param server the server's command for the replica, as {@link #command} builds it
   */
  ReplicaGroup group(ServingLaunch plan, EngineCommand server);

  /**
   * The plan's replicas as one data-parallel server over several nodes, where the engine has that form and the
   * replicas do not fit on one node; empty otherwise.
   */
  default Optional<ReplicaGroup> dataParallel(ServingLaunch plan) {
    return Optional.empty();
  }

  /** The names of the engine's Prometheus metrics, or empty when llmplan knows none (GPU alerts only). */
  default Optional<EngineMetrics> metrics() {
    return Optional.empty();
  }
}
