package org.llmplan.emit.framework;

import static org.llmplan.emit.Formats.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.Formats;
import org.llmplan.emit.KubernetesPods;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.LaunchText;
import org.llmplan.emit.Shell;
import org.llmplan.emit.TrainingProgram;
import org.llmplan.emit.train.KubernetesTarget;
import org.llmplan.emit.train.NcclEnvironment;

/**
 * MultiWorkerMirroredStrategy launchers: a worker script that writes TF_CONFIG (every worker's host:port in the
 * same order, and this worker's index) and runs the program; a Slurm batch script of one task per node (index =
 * SLURM_NODEID); a JobSet (jobset.x-k8s.io/v1alpha2) of one indexed pod per node, whose pods are addressed by the
 * JobSet's DNS names.
 */
public final class TensorflowTarget implements EmitTarget {
  public static final String WORKER = "tensorflow/worker.sh";
  public static final String SLURM = "tensorflow/train.sbatch";
  public static final String JOBSET = "kubernetes/tensorflow-jobset.yaml";
  /** The port each worker's collective server listens on. */
  static final int PORT = 12345;

  @Override
  public String name() {
    return TensorflowFramework.NAME;
  }

  @Override
  public List<BundleFile> files(LaunchPlan plan, List<BundleFile> earlier) {
    TrainingProgram program = plan.program();
    return List.of(
        BundleFile.script(WORKER, "TensorFlow worker: TF_CONFIG, then the training script", worker(plan, program))
            .withNote("Launch", "**TensorFlow.** On each of the " + plan.nodes() + " nodes: `WORKER_HOSTS=node-1,...,"
                + "node-" + plan.nodes() + " WORKER_INDEX=<0-based position> " + WORKER + "`; or `mkdir -p logs && "
                + "sbatch " + SLURM + "`; or `kubectl apply -f " + JOBSET + "` (JobSet)."),
        BundleFile.script(SLURM, "Slurm batch script, one TensorFlow worker per node", slurm(plan)),
        BundleFile.text(JOBSET, "JobSet, one TensorFlow worker per node",
            LaunchText.header(plan, "Kubernetes manifest") + Formats.yaml(jobSet(plan))));
  }

  private static String worker(LaunchPlan plan, TrainingProgram program) {
    StringBuilder b = new StringBuilder("#!/bin/bash\n").append(LaunchText.header(plan, "TensorFlow worker"));
    b.append("set -euo pipefail\n\n");
    b.append("BUNDLE_DIR=${BUNDLE_DIR:-$(cd \"$(dirname \"${BASH_SOURCE[0]}\")/..\" && pwd)}\nexport BUNDLE_DIR\n");
    b.append(": \"${WORKER_HOSTS:?set WORKER_HOSTS to the ").append(plan.nodes())
        .append(" nodes, comma-separated, the same order on every node}\"\n");
    b.append(": \"${WORKER_INDEX:=${SLURM_NODEID:?set WORKER_INDEX to the position of this node in WORKER_HOSTS}}\"\n");
    b.append(Shell.defaults(program.settings()));
    b.append(Shell.exports(NcclEnvironment.of(plan))).append('\n');
    b.append("IFS=, read -ra hosts <<< \"$WORKER_HOSTS\"\n");
    b.append("if (( ${#hosts[@]} != ").append(plan.nodes()).append(" )); then\n");
    b.append("  echo \"WORKER_HOSTS names ${#hosts[@]} nodes; the plan runs on ").append(plan.nodes())
        .append("\" >&2\n  exit 2\nfi\n");
    b.append("workers=\"\"\nfor host in \"${hosts[@]}\"; do\n  workers+=\"${workers:+,}\\\"${host}:").append(PORT)
        .append("\\\"\"\ndone\n");
    b.append("# The quotes are JSON for TensorFlow, not shell quoting.\n# shellcheck disable=SC2089\n");
    b.append("printf -v TF_CONFIG '{\"cluster\": {\"worker\": [%s]}, \"task\": {\"type\": \"worker\", "
        + "\"index\": %d}}' \"$workers\" \"$WORKER_INDEX\"\n# shellcheck disable=SC2090\nexport TF_CONFIG\n\n");
    b.append("exec ").append(Shell.command(program.words(), "  ")).append('\n');
    return b.toString();
  }

  private static String slurm(LaunchPlan plan) {
    StringBuilder b = new StringBuilder("#!/bin/bash\n");
    b.append("#SBATCH --job-name=").append(plan.name()).append('\n');
    b.append("#SBATCH --nodes=").append(plan.nodes()).append('\n');
    b.append("#SBATCH --ntasks-per-node=1\n");
    b.append("#SBATCH --gpus-per-node=").append(plan.gpusPerNode()).append('\n');
    b.append("#SBATCH --exclusive\n#SBATCH --mem=0\n#SBATCH --time=24:00:00\n#SBATCH --output=logs/%x-%j.out\n");
    b.append(LaunchText.header(plan, "Slurm batch script (TensorFlow)"));
    b.append("# Submit from the bundle folder: mkdir -p logs && sbatch ").append(SLURM).append('\n');
    b.append("set -euo pipefail\n\n");
    b.append("BUNDLE_DIR=${BUNDLE_DIR:-$SLURM_SUBMIT_DIR}\n");
    b.append("WORKER_HOSTS=$(scontrol show hostnames \"$SLURM_JOB_NODELIST\" | paste -sd,)\n");
    b.append("export BUNDLE_DIR WORKER_HOSTS\n\n");
    b.append("# One task per node; each worker's index is its SLURM_NODEID.\n");
    b.append("srun --kill-on-bad-exit=1 --cpu-bind=none \"${BUNDLE_DIR}/").append(WORKER).append("\"\n");
    return b.toString();
  }

  /** Pod i of the indexed job is worker i; all pods list the same hosts, the JobSet's DNS names. */
  static Map<String, Object> jobSet(LaunchPlan plan) {
    String job = "workers";
    String hosts = IntStream.range(0, plan.nodes()).mapToObj(i -> plan.name() + "-" + job + "-0-" + i + "."
        + plan.name()).collect(Collectors.joining(","));
    List<Object> env = new ArrayList<>(List.of(
        map("name", "BUNDLE_DIR", "value", KubernetesTarget.BUNDLE_IN_IMAGE),
        map("name", "WORKER_HOSTS", "value", hosts),
        map("name", "WORKER_INDEX", "valueFrom", map("fieldRef",
            map("fieldPath", "metadata.annotations['batch.kubernetes.io/job-completion-index']")))));
    Map<String, Object> c = map("name", "worker", "image", plan.image(), "imagePullPolicy", "IfNotPresent",
        "command", List.of("/bin/bash", KubernetesTarget.BUNDLE_IN_IMAGE + "/" + WORKER), "env", env,
        "ports", List.of(map("name", "collective", "containerPort", PORT)),
        "resources", map("limits", map("nvidia.com/gpu", Integer.toString(plan.gpusPerNode()))),
        "volumeMounts", List.of(KubernetesPods.sharedMemoryMount(), map("name", "data", "mountPath", "/data")));
    Map<String, Object> pod = KubernetesPods.spec(plan.job().gpu(), c, List.of(KubernetesPods.sharedMemory("64Gi"),
        map("name", "data", "persistentVolumeClaim", map("claimName", plan.name() + "-data"))));
    pod.put("restartPolicy", "Never");
    Map<String, Object> labels = map("kueue.x-k8s.io/queue-name", plan.queue());
    labels.putAll(KubernetesPods.labels(plan.name()));
    Map<String, Object> jobSpec = map("parallelism", plan.nodes(), "completions", plan.nodes(),
        "completionMode", "Indexed", "backoffLimit", 0,
        "template", map("metadata", map("labels", map("app.kubernetes.io/name", plan.name())), "spec", pod));
    return map("apiVersion", "jobset.x-k8s.io/v1alpha2", "kind", "JobSet",
        "metadata", map("name", plan.name(), "labels", labels),
        "spec", map("failurePolicy", map("maxRestarts", 3),
            "network", map("enableDNSHostnames", true, "subdomain", plan.name()),
            "replicatedJobs", List.of(map("name", job, "replicas", 1, "template", map("spec", jobSpec)))));
  }
}
