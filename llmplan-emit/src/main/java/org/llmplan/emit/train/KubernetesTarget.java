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
import org.llmplan.emit.KubernetesPods;
import org.llmplan.emit.LaunchText;
import org.llmplan.emit.Shell;
import org.llmplan.emit.TrainingProgram;

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
  public static final String BUNDLE_IN_IMAGE = "/workspace/bundle";

  @Override
  public String name() {
    return "kubernetes";
  }

  @Override
  public List<String> requires(LaunchPlan plan) {
    return plan.program().configTargets();
  }

  @Override
  public List<BundleFile> files(LaunchPlan plan, List<BundleFile> earlier) {
    TrainingProgram program = plan.program();
    String header = LaunchText.header(plan, "Kubernetes manifest");
    return List.of(
        BundleFile.text(PYTORCHJOB, "Kubeflow PyTorchJob", header + Formats.yaml(pytorchJob(plan, program)))
            .withNote("Launch", "**Kubernetes.** Create a ReadWriteMany PersistentVolumeClaim `" + plan.name()
                + "-data` (data and checkpoints under `/data`) and a Kueue LocalQueue `" + plan.queue() + "`, then "
                + "`kubectl apply -f " + PYTORCHJOB + "` (Kubeflow Training Operator) or `kubectl apply -f " + JOBSET
                + "` (JobSet). Multi-node pods ask for `" + RDMA_RESOURCE + "`; rename it to your RDMA device "
                + "plugin's resource."),
        BundleFile.text(JOBSET, "JobSet", header + Formats.yaml(jobSet(plan, program))));
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
    Map<String, Object> labels = map("kueue.x-k8s.io/queue-name", plan.queue());
    labels.putAll(KubernetesPods.labels(plan.name()));
    return map("name", plan.name(), "labels", labels);
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
        "volumeMounts", List.of(KubernetesPods.sharedMemoryMount(), map("name", "data", "mountPath", "/data")));
    if (plan.nodes() > 1) {
      // RDMA needs pinned memory: IPC_LOCK lifts the locked-memory limit for the verbs library.
      c.put("securityContext", map("capabilities", map("add", List.of("IPC_LOCK"))));
    }
    return c;
  }

  private static Map<String, Object> podTemplate(LaunchPlan plan, Map<String, Object> container, String restart) {
    Map<String, Object> spec = KubernetesPods.spec(plan.job().gpu(), container, List.of(
        KubernetesPods.sharedMemory("64Gi"),
        map("name", "data", "persistentVolumeClaim", map("claimName", plan.name() + "-data"))));
    if (restart != null) {
      spec.put("restartPolicy", restart);
    }
    return map("metadata", map("labels", map("app.kubernetes.io/name", plan.name())), "spec", spec);
  }
}
