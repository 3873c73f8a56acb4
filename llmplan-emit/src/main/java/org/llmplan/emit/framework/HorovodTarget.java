package org.llmplan.emit.framework;

import static org.llmplan.emit.Formats.map;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Horovod's launchers, one process per GPU: horovodrun from the first node over the hosts given, a Slurm batch
 * script of one srun task per GPU (MPI through srun's PMIx plug-in), and a Kubeflow MPIJob (mpi-operator,
 * kubeflow.org/v2beta1) whose launcher runs mpirun over the workers, which run sshd as mpi-operator expects.
 */
public final class HorovodTarget implements EmitTarget {
  public static final String SCRIPT = "horovod/horovodrun.sh";
  public static final String SLURM = "horovod/train.sbatch";
  public static final String MPIJOB = "kubernetes/mpijob.yaml";

  @Override
  public String name() {
    return HorovodFramework.NAME;
  }

  @Override
  public List<BundleFile> files(LaunchPlan plan, List<BundleFile> earlier) {
    TrainingProgram program = plan.program();
    return List.of(
        BundleFile.script(SCRIPT, "horovodrun launcher, run on the first node", horovodrun(plan, program))
            .withNote("Launch", "**Horovod.** `HOSTS=node-1,...,node-" + plan.nodes() + " " + SCRIPT + "` on the "
                + "first node (passwordless SSH to the others), or `mkdir -p logs && sbatch " + SLURM + "`, or `kubectl "
                + "apply -f " + MPIJOB + "` with the MPI Operator v2 (the image needs sshd for its workers)."),
        BundleFile.script(SLURM, "Slurm batch script, one Horovod process per GPU", slurm(plan, program)),
        BundleFile.text(MPIJOB, "Kubeflow MPIJob (mpi-operator v2beta1)",
            LaunchText.header(plan, "Kubernetes manifest") + Formats.yaml(mpiJob(plan, program))));
  }

  private static Map<String, String> environment(LaunchPlan plan, TrainingProgram program) {
    Map<String, String> env = new LinkedHashMap<>(program.environment());
    env.putAll(NcclEnvironment.of(plan));
    return env;
  }

  private static String horovodrun(LaunchPlan plan, TrainingProgram program) {
    int perNode = plan.gpusPerNode();
    StringBuilder b = new StringBuilder("#!/bin/bash\n").append(LaunchText.header(plan, "horovodrun launcher"));
    b.append("# Run on the first node: HOSTS=node-1,node-2,... ").append(SCRIPT).append('\n');
    b.append("set -euo pipefail\n\n");
    b.append("BUNDLE_DIR=${BUNDLE_DIR:-$(cd \"$(dirname \"${BASH_SOURCE[0]}\")/..\" && pwd)}\nexport BUNDLE_DIR\n");
    b.append(": \"${HOSTS:?set HOSTS to the ").append(plan.nodes()).append(" nodes, comma-separated}\"\n");
    b.append(Shell.defaults(program.settings()));
    b.append(Shell.exports(environment(plan, program))).append('\n');
    b.append("IFS=, read -ra nodes <<< \"$HOSTS\"\n");
    b.append("if (( ${#nodes[@]} != ").append(plan.nodes()).append(" )); then\n");
    b.append("  echo \"HOSTS names ${#nodes[@]} nodes; the plan runs on ").append(plan.nodes())
        .append("\" >&2\n  exit 2\nfi\n");
    b.append("slots=\"\"\nfor node in \"${nodes[@]}\"; do\n  slots+=\"${slots:+,}${node}:").append(perNode)
        .append("\"\ndone\n\n");
    List<String> words = new ArrayList<>(List.of("horovodrun", "-np", Integer.toString(plan.job().gpus()),
        "-H", "${slots}"));
    words.addAll(program.words());
    b.append("exec ").append(Shell.command(words, "  ")).append('\n');
    return b.toString();
  }

  private static String slurm(LaunchPlan plan, TrainingProgram program) {
    StringBuilder b = new StringBuilder("#!/bin/bash\n");
    b.append("#SBATCH --job-name=").append(plan.name()).append('\n');
    b.append("#SBATCH --nodes=").append(plan.nodes()).append('\n');
    b.append("#SBATCH --ntasks-per-node=").append(plan.gpusPerNode()).append('\n');
    b.append("#SBATCH --gpus-per-node=").append(plan.gpusPerNode()).append('\n');
    b.append("#SBATCH --exclusive\n#SBATCH --mem=0\n#SBATCH --time=24:00:00\n#SBATCH --output=logs/%x-%j.out\n");
    b.append(LaunchText.header(plan, "Slurm batch script (Horovod)"));
    b.append("# Submit from the bundle folder: mkdir -p logs && sbatch ").append(SLURM).append('\n');
    b.append("set -euo pipefail\n\n");
    b.append("BUNDLE_DIR=${BUNDLE_DIR:-$SLURM_SUBMIT_DIR}\nexport BUNDLE_DIR\n");
    b.append(Shell.defaults(program.settings()));
    b.append(Shell.exports(environment(plan, program))).append('\n');
    b.append("# One task per GPU; Horovod's MPI reads its rank from srun's PMIx.\n");
    b.append("srun --mpi=pmix --kill-on-bad-exit=1 --cpu-bind=none \\\n  ")
        .append(Shell.command(program.words(), "    ")).append('\n');
    return b.toString();
  }

  /** The launcher (no GPU) runs mpirun with every variable forwarded; each worker pod is one node's GPUs. */
  static Map<String, Object> mpiJob(LaunchPlan plan, TrainingProgram program) {
    Map<String, String> env = environment(plan, program);
    List<String> mpirun = new ArrayList<>(List.of("-np", Integer.toString(plan.job().gpus()), "--allow-run-as-root",
        "-bind-to", "none", "-map-by", "slot", "-x", "BUNDLE_DIR"));
    program.settings().keySet().forEach(k -> mpirun.addAll(List.of("-x", k)));
    env.keySet().forEach(k -> mpirun.addAll(List.of("-x", k)));
    mpirun.addAll(program.words());
    List<Object> launcherEnv = new ArrayList<>(List.of(map("name", "BUNDLE_DIR", "value",
        KubernetesTarget.BUNDLE_IN_IMAGE)));
    program.settings().forEach((k, v) -> launcherEnv.add(map("name", k, "value", Shell.kubernetes(v))));
    env.forEach((k, v) -> launcherEnv.add(map("name", k, "value", v)));
    Map<String, Object> launcher = map("name", "launcher", "image", plan.image(), "command", List.of("mpirun"),
        "args", Shell.kubernetes(mpirun), "env", launcherEnv);
    Map<String, Object> worker = map("name", "worker", "image", plan.image(),
        "command", List.of("/usr/sbin/sshd"), "args", List.of("-De"),
        "resources", map("limits", map("nvidia.com/gpu", Integer.toString(plan.gpusPerNode()))),
        "volumeMounts", List.of(KubernetesPods.sharedMemoryMount(), map("name", "data", "mountPath", "/data")));
    Map<String, Object> workerPod = KubernetesPods.spec(plan.job().gpu(), worker, List.of(
        KubernetesPods.sharedMemory("64Gi"),
        map("name", "data", "persistentVolumeClaim", map("claimName", plan.name() + "-data"))));
    Map<String, Object> labels = map("kueue.x-k8s.io/queue-name", plan.queue());
    labels.putAll(KubernetesPods.labels(plan.name()));
    return map("apiVersion", "kubeflow.org/v2beta1", "kind", "MPIJob",
        "metadata", map("name", plan.name(), "labels", labels),
        "spec", map("slotsPerWorker", plan.gpusPerNode(), "runPolicy", map("cleanPodPolicy", "Running"),
            "mpiImplementation", "OpenMPI",
            "mpiReplicaSpecs", map(
                "Launcher", map("replicas", 1, "template", map("spec", map("containers", List.of(launcher)))),
                "Worker", map("replicas", plan.nodes(), "template", map("spec", workerPod)))));
  }
}
