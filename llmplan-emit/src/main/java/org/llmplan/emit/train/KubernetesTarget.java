package org.llmplan.emit.train;

import static org.llmplan.emit.Formats.map;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.Formats;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.LaunchText;

/**
 * Kubernetes manifests for the same run in two forms: a Kubeflow PyTorchJob (kubeflow.org/v1, Training
 * Operator release-1.9) and a JobSet (jobset.x-k8s.io/v1alpha2). Both ask for whole nodes' GPUs, an RDMA
 * device for multi-node jobs, a memory-backed /dev/shm, GPU node selection and toleration, and carry the Kueue
 * queue label so Kueue admits all pods of the job at once (gang scheduling).
 */
public final class KubernetesTarget implements EmitTarget {
  public static final String PYTORCHJOB = "kubernetes/pytorchjob.yaml";
  public static final String JOBSET = "kubernetes/jobset.yaml";
  /** The resource the NVIDIA network operator's RDMA shared device plugin commonly exposes. */
  static final String RDMA_RESOURCE = "rdma/rdma_shared_device_a";
  static final String BUNDLE_IN_IMAGE = "/workspace/bundle";
  /**
   * GPU Feature Discovery's nvidia.com/gpu.product label: the NVML product name with spaces as dashes. Unlisted
   * GPUs are selected by nvidia.com/gpu.present only.
   */
  private static final Map<String, String> GPU_PRODUCTS = Map.of(
      "a100-40gb", "NVIDIA-A100-SXM4-40GB", "a100-80gb", "NVIDIA-A100-SXM4-80GB",
      "h100-sxm", "NVIDIA-H100-80GB-HBM3", "h100-pcie", "NVIDIA-H100-PCIe", "h100-nvl", "NVIDIA-H100-NVL",
      "h200", "NVIDIA-H200", "b200", "NVIDIA-B200", "l40s", "NVIDIA-L40S", "l4", "NVIDIA-L4");

  @Override
  public String name() {
    return "kubernetes";
  }

  @Override
  public String description() {
    return "Kubeflow PyTorchJob and JobSet: GPU and RDMA resources, /dev/shm, node selection, Kueue queue label";
  }

  @Override
  public List<String> requires(LaunchPlan plan) {
    return TrainingProgram.of(plan).configTargets();
  }

  @Override
  public List<BundleFile> files(LaunchPlan plan, List<BundleFile> earlier) {
    TrainingProgram program = TrainingProgram.of(plan);
    String header = LaunchText.header(plan, "Kubernetes manifest");
    return List.of(
        BundleFile.text(PYTORCHJOB, header + Formats.yaml(pytorchJob(plan, program))),
        BundleFile.text(JOBSET, header + Formats.yaml(jobSet(plan, program))));
  }

  static Map<String, Object> pytorchJob(LaunchPlan plan, TrainingProgram program) {
    // The operator sets PET_NNODES, PET_NPROC_PER_NODE and PET_NODE_RANK (read by torchrun) and MASTER_ADDR/PORT.
    List<String> args = new ArrayList<>(List.of("--master-addr", "${MASTER_ADDR}", "--master-port", "${MASTER_PORT}"));
    args.addAll(program.words());
    Map<String, Object> container = container(plan, program, "pytorch", args, List.of());
    container.put("ports", List.of(map("name", "pytorchjob-port", "containerPort", 23456)));
    Map<String, Object> replicas = new LinkedHashMap<>();
    replicas.put("Master", replicaSpec(1, plan, container));
    if (plan.nodes() > 1) {
      replicas.put("Worker", replicaSpec(plan.nodes() - 1, plan, container));
    }
    return map("apiVersion", "kubeflow.org/v1", "kind", "PyTorchJob",
        "metadata", metadata(plan),
        "spec", map("nprocPerNode", Integer.toString(plan.gpusPerNode()),
            "runPolicy", map("cleanPodPolicy", "None", "backoffLimit", 3),
            "pytorchReplicaSpecs", replicas));
  }

  private static Map<String, Object> replicaSpec(int count, LaunchPlan plan, Map<String, Object> container) {
    return map("replicas", count, "restartPolicy", "OnFailure", "template", podTemplate(plan, container, null));
  }

  static Map<String, Object> jobSet(LaunchPlan plan, TrainingProgram program) {
    String job = "workers";
    // JobSet pods are <jobset>-<replicatedJob>-<job index>-<pod index>.<subdomain>: node 0 is the master.
    String master = plan.name() + "-" + job + "-0-0." + plan.name();
    List<String> args = new ArrayList<>(List.of("--nnodes", Integer.toString(plan.nodes()),
        "--nproc-per-node", Integer.toString(plan.gpusPerNode()), "--node-rank", "${NODE_RANK}",
        "--master-addr", "${MASTER_ADDR}", "--master-port", Integer.toString(TorchrunTarget.RENDEZVOUS_PORT)));
    args.addAll(program.words());
    List<Object> env = List.of(
        map("name", "MASTER_ADDR", "value", master),
        map("name", "NODE_RANK", "valueFrom", map("fieldRef",
            map("fieldPath", "metadata.annotations['batch.kubernetes.io/job-completion-index']"))));
    Map<String, Object> container = container(plan, program, "trainer", args, env);
    Map<String, Object> jobSpec = map("parallelism", plan.nodes(), "completions", plan.nodes(),
        "completionMode", "Indexed", "backoffLimit", 0,
        "template", podTemplate(plan, container, "Never"));
    return map("apiVersion", "jobset.x-k8s.io/v1alpha2", "kind", "JobSet",
        "metadata", metadata(plan),
        "spec", map(
            "failurePolicy", map("maxRestarts", 3),
            "network", map("enableDNSHostnames", true, "subdomain", plan.name()),
            "replicatedJobs", List.of(map("name", job, "replicas", 1, "template", map("spec", jobSpec)))));
  }

  private static Map<String, Object> metadata(LaunchPlan plan) {
    return map("name", plan.name(), "labels", map("kueue.x-k8s.io/queue-name", plan.queue(),
        "app.kubernetes.io/name", plan.name(), "app.kubernetes.io/managed-by", "llmplan"));
  }

  private static Map<String, Object> container(LaunchPlan plan, TrainingProgram program, String name,
      List<String> torchrunArgs, List<Object> extraEnv) {
    List<Object> env = new ArrayList<>(extraEnv);
    env.add(map("name", "BUNDLE_DIR", "value", BUNDLE_IN_IMAGE));
    program.settings().forEach((k, v) -> env.add(map("name", k, "value", Shell.kubernetes(v))));
    program.environment().forEach((k, v) -> env.add(map("name", k, "value", v)));
    NcclEnvironment.of(plan).forEach((k, v) -> env.add(map("name", k, "value", v)));
    Map<String, Object> limits = map("nvidia.com/gpu", plan.gpusPerNode());
    if (plan.nodes() > 1) {
      limits.put(RDMA_RESOURCE, 1);
    }
    Map<String, Object> c = map("name", name, "image", plan.image(), "imagePullPolicy", "IfNotPresent",
        "command", List.of("torchrun"), "args", Shell.kubernetes(torchrunArgs), "env", env,
        "resources", map("limits", limits),
        "volumeMounts", List.of(map("name", "dshm", "mountPath", "/dev/shm"), map("name", "data", "mountPath", "/data")));
    if (plan.nodes() > 1) {
      // RDMA needs pinned memory: IPC_LOCK lifts the locked-memory limit for the verbs library.
      c.put("securityContext", map("capabilities", map("add", List.of("IPC_LOCK"))));
    }
    return c;
  }

  /** Selects nodes with the plan's GPU by GPU Feature Discovery's product label, or any GPU node. */
  public static Map<String, Object> nodeSelector(String gpu) {
    String product = GPU_PRODUCTS.get(gpu);
    return product != null ? map("nvidia.com/gpu.product", product) : map("nvidia.com/gpu.present", "true");
  }

  private static Map<String, Object> podTemplate(LaunchPlan plan, Map<String, Object> container, String restart) {
    Map<String, Object> spec = map(
        "nodeSelector", nodeSelector(plan.job().gpu().name()),
        "tolerations", List.of(map("key", "nvidia.com/gpu", "operator", "Exists", "effect", "NoSchedule")),
        "containers", List.of(container),
        "volumes", List.of(
            map("name", "dshm", "emptyDir", map("medium", "Memory", "sizeLimit", "64Gi")),
            map("name", "data", "persistentVolumeClaim", map("claimName", plan.name() + "-data"))));
    if (restart != null) {
      spec.put("restartPolicy", restart);
    }
    return map("metadata", map("labels", map("app.kubernetes.io/name", plan.name())), "spec", spec);
  }
}
