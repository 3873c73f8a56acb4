package org.llmplan.emit.serve;

import static org.llmplan.emit.Formats.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.EngineCommand;
import org.llmplan.emit.EngineMetrics;
import org.llmplan.emit.Formats;
import org.llmplan.emit.KubernetesPods;
import org.llmplan.emit.ReplicaGroup;
import org.llmplan.emit.ServingEngine;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.ServingTarget;
import org.llmplan.emit.monitor.ServingThresholds;

/**
 * Kubernetes manifests of the serving plan. A replica within one node is a Deployment (one pod per replica);
 * a replica spanning nodes is a LeaderWorkerSet group (leaderworkerset.x-k8s.io/v1, one pod per node, the pods'
 * scripts from the engine's {@link ReplicaGroup}); replicas that fill several nodes may also run as one
 * data-parallel LeaderWorkerSet where the engine has that form. Either way a Service in front of the serving
 * pods and, for an engine whose queue gauge llmplan knows, a HorizontalPodAutoscaler (autoscaling/v2) whose
 * minimum is the plan's replicas, scaling on the requests waiting per pod (exposed by prometheus-adapter) with
 * the queue threshold of {@link ServingThresholds}. Without that gauge there is no autoscaler: a CPU target
 * would need a CPU request, and CPU use does not track a GPU server's load. An engine's options file is a
 * ConfigMap mounted at /etc/ENGINE.
 */
public final class ServingKubernetesTarget implements ServingTarget {
  public static final String DEPLOYMENT = "kubernetes/deployment.yaml";
  public static final String LEADER_WORKER_SET = "kubernetes/leaderworkerset.yaml";
  /** The data-parallel alternative to the Deployment, where the engine has one ({@link ServingEngine#dataParallel}). */
  public static final String DATA_PARALLEL = "kubernetes/data-parallel-leaderworkerset.yaml";
  public static final String SERVICE = "kubernetes/service.yaml";
  public static final String HPA = "kubernetes/hpa.yaml";
  /** The engine's options file, mounted from this ConfigMap at {@link #optionsFolder}. */
  public static final String CONFIG_MAP = "kubernetes/configmap.yaml";
  private static final String OPTIONS_FILE = "options.yaml";
  /** Where the images look for Hugging Face checkpoints (HF_HOME default of root). */
  static final String MODEL_CACHE = "/root/.cache/huggingface";
  /** The autoscaler may add this many times the planned replicas for bursts above the target rate. */
  static final int BURST_FACTOR = 2;

  @Override
  public String name() {
    return "kubernetes";
  }

  @Override
  public List<BundleFile> files(ServingLaunch plan, List<BundleFile> earlier) {
    String header = plan.header("Kubernetes manifest");
    List<BundleFile> files = new ArrayList<>();
    if (plan.nodesPerReplica() == 1) {
      files.add(BundleFile.text(DEPLOYMENT, "Kubernetes Deployment, one pod per replica",
          header + Formats.yaml(deployment(plan))));
    } else {
      files.add(BundleFile.text(LEADER_WORKER_SET, "LeaderWorkerSet, one group per replica",
          header + Formats.yaml(replicaGroups(plan))));
    }
    plan.engine().dataParallel(plan).ifPresent(group -> files.add(BundleFile.text(DATA_PARALLEL,
        "LeaderWorkerSet, the replicas as one data-parallel " + plan.engine().title() + " server (instead of "
            + DEPLOYMENT + ")", header + Formats.yaml(leaderWorkerSet(plan, plan.name() + "-dp", group,
            map("app.kubernetes.io/name", plan.name()))))));
    if (hasOptions(plan)) {
      files.add(BundleFile.text(CONFIG_MAP, "ConfigMap holding the " + plan.engine().title() + " options",
          header + Formats.yaml(configMap(plan))));
    }
    files.add(BundleFile.text(SERVICE, "Service in front of the serving pods", header + Formats.yaml(service(plan)))
        .withNote("Launch", launchNote(plan)));
    if (plan.engine().metrics().isPresent()) {
      files.add(BundleFile.text(HPA, "HorizontalPodAutoscaler, minimum the planned replicas",
          header + Formats.yaml(autoscaler(plan))));
    }
    return files;
  }

  static Map<String, Object> deployment(ServingLaunch plan) {
    Map<String, Object> labels = labels(plan);
    return map("apiVersion", "apps/v1", "kind", "Deployment",
        "metadata", map("name", plan.name(), "labels", labels),
        "spec", map("replicas", plan.replicas(),
            "selector", map("matchLabels", map("app.kubernetes.io/name", plan.name())),
            "template", map("metadata", map("labels", labels, "annotations", scrapeAnnotations(plan)),
                "spec", podSpec(plan, server(plan, engineCommand(plan), true), volumes(plan)))));
  }

  /**
   * A LeaderWorkerSet of the engine's {@link ReplicaGroup}: one group per multi-node replica, or one group for a
   * data-parallel server. The leader's pods carry {@code leaderLabels} (the Service selects them by those).
   */
  static Map<String, Object> leaderWorkerSet(ServingLaunch plan, String name, ReplicaGroup group,
      Map<String, Object> leaderLabels) {
    List<Object> volumes = volumes(plan);
    List<Object> keys = new ArrayList<>();
    if (group.keySecret() != null) {
      keys.add(map("name", "group-keys", "mountPath", ReplicaGroup.KEY_DIR, "readOnly", true));
      volumes.add(map("name", "group-keys", "secret", map("secretName", plan.name() + "-" + group.keySecret(),
          "defaultMode", 0400)));
    }
    Map<String, Object> leader = container(plan, ReplicaGroup.bash(group.leader()), group.gpusPerPod(), true, keys);
    Map<String, Object> worker = container(plan, ReplicaGroup.bash(group.worker()), group.gpusPerPod(), false, keys);
    worker.put("name", "worker");
    return map("apiVersion", "leaderworkerset.x-k8s.io/v1", "kind", "LeaderWorkerSet",
        "metadata", map("name", name, "labels", labels(plan)),
        "spec", map("replicas", group.groups(),
            "startupPolicy", "LeaderCreated",
            "leaderWorkerTemplate", map(
                "size", group.size(),
                "restartPolicy", "RecreateGroupOnPodRestart",
                "leaderTemplate", map("metadata", map("labels", leaderLabels,
                    "annotations", scrapeAnnotations(plan)), "spec", podSpec(plan, leader, volumes)),
                "workerTemplate", map("spec", podSpec(plan, worker, volumes)))));
  }

  /** The multi-node replicas' LeaderWorkerSet, its leaders labelled role=leader. */
  static Map<String, Object> replicaGroups(ServingLaunch plan) {
    ReplicaGroup group = plan.engine().group(plan, engineCommand(plan));
    return leaderWorkerSet(plan, plan.name(), group, map("role", "leader"));
  }

  static Map<String, Object> service(ServingLaunch plan) {
    Map<String, Object> selector = plan.nodesPerReplica() == 1
        ? map("app.kubernetes.io/name", plan.name())
        : map("leaderworkerset.sigs.k8s.io/name", plan.name(), "role", "leader");
    return map("apiVersion", "v1", "kind", "Service",
        "metadata", map("name", plan.name(), "labels", labels(plan)),
        "spec", map("type", "ClusterIP", "selector", selector,
            "ports", List.of(map("name", "http", "port", ServingLaunch.PORT, "targetPort", "http"))));
  }

  static Map<String, Object> autoscaler(ServingLaunch plan) {
    boolean multiNode = plan.nodesPerReplica() > 1;
    Map<String, Object> target = map(
        "apiVersion", multiNode ? "leaderworkerset.x-k8s.io/v1" : "apps/v1",
        "kind", multiNode ? "LeaderWorkerSet" : "Deployment", "name", plan.name());
    EngineMetrics m = plan.engine().metrics().orElseThrow();
    Map<String, Object> metric = map("type", "Pods", "pods", map("metric", map("name", m.waitingAsCustomMetric()),
        "target", map("type", "AverageValue",
            "averageValue", Integer.toString(ServingThresholds.of(plan).queueDepth()))));
    return map("apiVersion", "autoscaling/v2", "kind", "HorizontalPodAutoscaler",
        "metadata", map("name", plan.name(), "labels", labels(plan)),
        "spec", map("scaleTargetRef", target, "minReplicas", plan.replicas(),
            "maxReplicas", plan.replicas() * BURST_FACTOR, "metrics", List.of(metric)));
  }

  private static EngineCommand engineCommand(ServingLaunch plan) {
    return plan.engine().command(plan, plan.modelId(), optionsFolder(plan) + "/" + OPTIONS_FILE);
  }

  private static boolean hasOptions(ServingLaunch plan) {
    return !plan.engine().options(plan).isEmpty();
  }

  /** Where the pods mount the engine's options: /etc/ENGINE. */
  private static String optionsFolder(ServingLaunch plan) {
    return "/etc/" + plan.engine().name();
  }

  static Map<String, Object> configMap(ServingLaunch plan) {
    return map("apiVersion", "v1", "kind", "ConfigMap",
        "metadata", map("name", plan.name() + "-" + plan.engine().name(), "labels", labels(plan)),
        "data", map(OPTIONS_FILE, Formats.yaml(plan.engine().options(plan))));
  }

  private static String launchNote(ServingLaunch plan) {
    return "**Kubernetes.** Create a PersistentVolumeClaim `" + plan.name() + "-models` for the model cache and, "
        + "for gated models, a Secret `hf-token` with key `token`"
        + (plan.nodesPerReplica() > 1 ? "; install the LeaderWorkerSet controller" : "")
        + (plan.nodesPerReplica() > 1 ? groupRequirements(plan) : "")
        + ", then `kubectl apply -f kubernetes/`."
        + plan.engine().dataParallel(plan).map(g -> " To run the replicas as one data-parallel server instead, "
            + "apply `" + DATA_PARALLEL + "` (LeaderWorkerSet controller, " + g.size() + " pods of " + g.gpusPerPod()
            + " GPUs) in place of `" + DEPLOYMENT + "`.").orElse("")
        + plan.engine().metrics().map(m -> " The autoscaler reads the pods metric `" + m.waitingAsCustomMetric()
            + "`: expose `" + m.waiting() + "` under that name with prometheus-adapter.")
            .orElse(" llmplan knows no queue metric of " + plan.engine().title() + ", so there is no autoscaler: the "
                + "planned replicas run.");
  }

  private static String groupRequirements(ServingLaunch plan) {
    List<String> r = plan.engine().group(plan, engineCommand(plan)).requirements();
    return r.isEmpty() ? "" : "; provide " + String.join(" and ", r);
  }

  /** A server container running {@code command} as given, or the engine's program with its args. */
  private static Map<String, Object> server(ServingLaunch plan, EngineCommand command, boolean probes) {
    Map<String, Object> c = container(plan, command.program(), plan.gpusPerPod(), probes, List.of());
    c.put("args", command.args());
    return c;
  }

  private static Map<String, Object> container(ServingLaunch plan, List<String> command, int gpus,
      boolean probes, List<Object> moreMounts) {
    List<Object> mounts = new ArrayList<>(List.of(KubernetesPods.sharedMemoryMount(),
        map("name", "model-cache", "mountPath", MODEL_CACHE)));
    mounts.addAll(moreMounts);
    if (hasOptions(plan)) {
      mounts.add(map("name", plan.engine().name() + "-options", "mountPath", optionsFolder(plan), "readOnly", true));
    }
    Map<String, Object> c = map("name", "server", "image", plan.image(), "imagePullPolicy", "IfNotPresent",
        "command", command,
        "env", List.of(map("name", "HF_TOKEN", "valueFrom",
            map("secretKeyRef", map("name", "hf-token", "key", "token", "optional", true)))),
        "ports", List.of(map("name", "http", "containerPort", ServingLaunch.PORT)),
        "resources", map("limits", map("nvidia.com/gpu", Integer.toString(gpus))),
        "volumeMounts", mounts);
    if (probes) {
      // Loading weights and capturing CUDA graphs takes minutes: the startup probe allows 20, then
      // readiness takes the pod out of the Service and liveness restarts a hung server.
      c.put("startupProbe", probe(10, 120));
      c.put("readinessProbe", probe(10, 3));
      c.put("livenessProbe", probe(30, 3));
    }
    return c;
  }

  private static Map<String, Object> probe(int period, int failures) {
    return map("httpGet", map("path", "/health", "port", "http"), "periodSeconds", period,
        "failureThreshold", failures);
  }

  private static Map<String, Object> podSpec(ServingLaunch plan, Map<String, Object> container,
      List<Object> volumes) {
    return KubernetesPods.spec(plan.deployment().gpu(), container, volumes);
  }

  private static List<Object> volumes(ServingLaunch plan) {
    List<Object> v = new ArrayList<>(List.of(KubernetesPods.sharedMemory("16Gi"),
        map("name", "model-cache", "persistentVolumeClaim", map("claimName", plan.name() + "-models"))));
    if (hasOptions(plan)) {
      v.add(map("name", plan.engine().name() + "-options", "configMap",
          map("name", plan.name() + "-" + plan.engine().name())));
    }
    return v;
  }

  private static Map<String, Object> labels(ServingLaunch plan) {
    return KubernetesPods.labels(plan.name());
  }

  private static Map<String, Object> scrapeAnnotations(ServingLaunch plan) {
    return map("prometheus.io/scrape", "true", "prometheus.io/port", Integer.toString(ServingLaunch.PORT),
        "prometheus.io/path", plan.engine().metricsPath());
  }
}
