package org.llmplan.emit.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.EngineCommand;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.ServingTarget;
import org.llmplan.emit.Shell;

/**
 * Launch scripts of {@code vllm serve} with the plan's layout and limits: one replica by hand; on Slurm a replica
 * over several nodes (a Ray cluster per job) or replicas that fill several nodes as one data-parallel server.
 */
public final class VllmTarget implements ServingTarget {
  public static final String FILE = "serve/vllm-serve.sh";
  public static final String RAY_SLURM = "serve/vllm-ray.sbatch";
  public static final String DP_SLURM = "serve/vllm-data-parallel.sbatch";
  static final String NAME = "vllm";

  private final VllmEngine engine = new VllmEngine();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<BundleFile> files(ServingLaunch plan, List<BundleFile> earlier) {
    StringBuilder b = new StringBuilder("#!/bin/bash\n");
    b.append(plan.header("vllm serve launcher"));
    if (plan.nodesPerReplica() > 1) {
      b.append("# One replica spans ").append(plan.nodesPerReplica()).append(" nodes over Ray: first run\n")
          .append("#   ray start --head --port=6379            (on the first node)\n")
          .append("#   ray start --address=<first node>:6379   (on each other node)\n")
          .append("# then this script on the first node.\n");
    }
    b.append("set -euo pipefail\n\n");
    b.append(Shell.defaults(settings(plan)));
    b.append('\n');
    b.append("exec ").append(Shell.command(engine.command(plan, "${" + EngineCommand.MODEL_VARIABLE + "}", null)
        .words(), "  ")).append('\n');
    String image = plan.engine() instanceof VllmEngine ? plan.image() : VllmEngine.IMAGE;
    String note = "**vLLM.** `" + FILE + "` on a node with " + plan.gpusPerPod() + " GPUs"
        + (plan.nodesPerReplica() > 1 ? ", after the Ray cluster of the replica's nodes is up (see the script's "
            + "comments)" : "") + " (image `" + image + "`).";
    List<BundleFile> files = new ArrayList<>(List.of(BundleFile.script(FILE, "vllm serve launcher, one replica",
        b.toString()).withNote("Launch", note)));
    if (plan.nodesPerReplica() > 1) {
      files.add(BundleFile.script(RAY_SLURM, "Slurm batch script, one replica over a Ray cluster", raySlurm(plan))
          .withNote("Launch", "**vLLM on Slurm.** `mkdir -p logs && sbatch " + RAY_SLURM + "` once per replica: "
              + "it starts a Ray cluster on the job's " + plan.nodesPerReplica() + " nodes and the server on the "
              + "first."));
    }
    int perNode = VllmEngine.enginesPerNode(plan);
    if (perNode > 0) {
      files.add(BundleFile.script(DP_SLURM, "Slurm batch script, the replicas as one data-parallel server",
          dataParallelSlurm(plan, perNode)).withNote("Launch", "**vLLM data parallel on Slurm.** `mkdir -p logs && "
              + "sbatch " + DP_SLURM + "` runs the " + plan.replicas() + " replicas as one server on "
              + VllmEngine.nodes(plan, perNode) + " nodes (" + perNode + " per node), the API on the first."));
    }
    return files;
  }

  /**
   * One replica over the job's nodes: a Ray head on the first node, the others join it, then vllm serve with the
   * Ray executor on the head (vLLM waits until the placement group of TP x PP GPUs is ready). Every step overlaps
   * the others on its node.
   */
  private String raySlurm(ServingLaunch plan) {
    int nodes = plan.nodesPerReplica();
    String port = Integer.toString(VllmEngine.RAY_PORT);
    StringBuilder b = new StringBuilder(ServingSlurm.preamble(plan, RAY_SLURM, "vLLM Ray batch script", nodes, 1,
        plan.gpusPerPod()));
    b.append("srun --nodes=1 --ntasks=1 --nodelist=\"$head\" --overlap ray start --head --port=").append(port)
        .append(" --block &\nsleep 10\n");
    b.append("srun --nodes=").append(nodes - 1).append(" --ntasks=").append(nodes - 1)
        .append(" --exclude=\"$head\" --overlap ray start --address=\"$head:").append(port).append("\" --block &\n");
    b.append("sleep 10\n\n");
    b.append("srun --nodes=1 --ntasks=1 --nodelist=\"$head\" --overlap \\\n  ")
        .append(Shell.command(engine.command(plan, "${" + EngineCommand.MODEL_VARIABLE + "}", null).words(), "    "))
        .append(" &\n");
    b.append("# The job ends when the server or a Ray node stops.\nwait -n\n");
    return b.toString();
  }

  /** The data-parallel server: the head's engines and the API on the first node, each other node headless. */
  private String dataParallelSlurm(ServingLaunch plan, int perNode) {
    int size = plan.replicas();
    int nodes = VllmEngine.nodes(plan, perNode);
    String model = "${" + EngineCommand.MODEL_VARIABLE + "}";
    EngineCommand server = engine.command(plan, model, null);
    StringBuilder b = new StringBuilder(ServingSlurm.preamble(plan, DP_SLURM, "vLLM data-parallel batch script",
        nodes, 1, perNode * plan.deployment().gpus()));
    b.append("srun --nodes=1 --ntasks=1 --nodelist=\"$head\" \\\n  ")
        .append(Shell.command(server.with(VllmEngine.dataParallel(size, Integer.toString(Math.min(size, perNode)),
            "${head}", null)).words(), "    ")).append(" &\n");
    b.append("for ((i = 1; i < ").append(nodes).append("; i++)); do\n");
    b.append("  start=$((i * ").append(perNode).append("))\n");
    b.append("  count=$((").append(size).append(" - start < ").append(perNode).append(" ? ").append(size)
        .append(" - start : ").append(perNode).append("))\n");
    b.append("  srun --nodes=1 --ntasks=1 --nodelist=\"${nodes[i]}\" \\\n    ")
        .append(Shell.command(server.with(VllmEngine.dataParallel(size, "${count}", "${head}", "${start}")).words(),
            "      ")).append(" &\n");
    b.append("done\n");
    b.append("# The job ends when any node's server stops.\nwait -n\n");
    return b.toString();
  }

  /** Variables the scripts read with the plan's value as default: the checkpoint, and where it is cached. */
  static Map<String, String> settings(ServingLaunch plan) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(EngineCommand.MODEL_VARIABLE, plan.modelId());
    s.put("HF_HOME", "${HOME}/.cache/huggingface");
    return s;
  }
}
