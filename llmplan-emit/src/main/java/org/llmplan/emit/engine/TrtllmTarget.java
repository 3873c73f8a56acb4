package org.llmplan.emit.engine;

import java.util.ArrayList;
import java.util.List;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.EngineCommand;
import org.llmplan.emit.Formats;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.ServingTarget;
import org.llmplan.emit.Shell;

/**
 * A TensorRT-LLM {@code trtllm-serve} launch script (PyTorch backend) and its LLM-API options file: the
 * launcher of a tensorrt-llm plan, or an alternative to vLLM for the same replica.
 */
public final class TrtllmTarget implements ServingTarget {
  public static final String FILE = "serve/trtllm-serve.sh";
  public static final String OPTIONS = "serve/trtllm-options.yaml";
  public static final String SLURM = "serve/trtllm-serve.sbatch";
  static final String NAME = "trtllm";

  private final TrtllmEngine engine = new TrtllmEngine();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<BundleFile> files(ServingLaunch plan, List<BundleFile> earlier) {
    boolean own = engine.owns(plan);
    StringBuilder b = new StringBuilder("#!/bin/bash\n");
    b.append(plan.header("trtllm-serve launcher"));
    if (own) {
      b.append("# The plan was sized for TensorRT-LLM: this is its launcher.\n");
    } else {
      b.append("# An alternative to ").append(VllmTarget.FILE).append(": the plan was sized for vLLM, so the KV\n")
          .append("# share is TensorRT-LLM's default fraction of free memory.\n");
    }
    EngineCommand command = engine.command(plan, "${" + EngineCommand.MODEL_VARIABLE + "}",
        "${BUNDLE_DIR}/" + OPTIONS);
    if (TrtllmEngine.wrapped(command)) {
      b.append("# One replica spans ").append(plan.nodesPerReplica()).append(" nodes: run this script under MPI, one ")
          .append("rank per GPU (").append(plan.deployment().gpus()).append(" ranks), e.g. with ").append(SLURM)
          .append(" or\n#   mpirun -np ").append(plan.deployment().gpus()).append(" -H node-1:")
          .append(plan.gpusPerPod()).append(",node-2:").append(plan.gpusPerPod()).append(",... ").append(FILE)
          .append("\n# trtllm-llmapi-launch makes rank 0 the server and the other ranks its workers.\n");
    }
    b.append("set -euo pipefail\n\n");
    b.append(Shell.defaults(VllmTarget.settings(plan)));
    b.append("BUNDLE_DIR=${BUNDLE_DIR:-$(cd \"$(dirname \"${BASH_SOURCE[0]}\")/..\" && pwd)}\n\n");
    b.append("exec ").append(Shell.command(command.words(), "  ")).append('\n');
    String note = "**TensorRT-LLM.** `" + FILE + "` (image `" + (own ? plan.image() : TrtllmEngine.IMAGE)
        + "`), reading `" + OPTIONS + "`.";
    List<BundleFile> files = new ArrayList<>(List.of(
        BundleFile.script(FILE, "trtllm-serve launcher, one replica", b.toString()).withNote("Launch", note),
        BundleFile.text(OPTIONS, "TensorRT-LLM LLM-API options (KV cache, metrics)",
            plan.header("trtllm-serve LLM-API options") + Formats.yaml(engine.options(plan)))));
    if (TrtllmEngine.wrapped(command)) {
      files.add(BundleFile.script(SLURM, "Slurm batch script, one replica under trtllm-llmapi-launch", slurm(plan,
          command)).withNote("Launch", "**TensorRT-LLM on Slurm.** `mkdir -p logs && sbatch " + SLURM + "` once per "
              + "replica: srun starts one rank per GPU on " + plan.nodesPerReplica() + " nodes (Slurm with PMIx)."));
    }
    return files;
  }

  /**
   * One replica as one srun step of a rank per GPU under trtllm-llmapi-launch (rank from SLURM_PROCID, world from
   * SLURM_NTASKS); MPI inside the ranks needs srun's PMIx plug-in.
   */
  private static String slurm(ServingLaunch plan, EngineCommand command) {
    StringBuilder b = new StringBuilder(ServingSlurm.preamble(plan, SLURM, "trtllm-serve batch script",
        plan.nodesPerReplica(), plan.gpusPerPod(), plan.gpusPerPod()));
    b.append("BUNDLE_DIR=${BUNDLE_DIR:-$SLURM_SUBMIT_DIR}\nexport BUNDLE_DIR\n");
    b.append("echo \"serving on ${head}:").append(ServingLaunch.PORT).append("\"\n\n");
    b.append("srun --mpi=pmix --kill-on-bad-exit=1 \\\n  ").append(Shell.command(command.words(), "    "))
        .append('\n');
    return b.toString();
  }
}
