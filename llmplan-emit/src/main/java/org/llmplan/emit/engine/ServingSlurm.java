package org.llmplan.emit.engine;

import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.Shell;

/**
 * The top of a serving batch script: whole nodes (--exclusive with --mem=0), one log per job, the checkpoint
 * variables, and the allocated hosts in {@code nodes}. A server runs until the time limit or scancel; the job is
 * not requeued (a server holds no state to resume).
 */
final class ServingSlurm {
  private ServingSlurm() {}

  /**
   * The #SBATCH lines (sbatch options present in Slurm 22.05 to 24.05) and the shared preamble.
   *
   * @param tasksPerNode srun tasks on each node (1, or one per GPU for an MPI job)
   */
  static String preamble(ServingLaunch plan, String file, String title, int nodes, int tasksPerNode, int gpus) {
    StringBuilder b = new StringBuilder("#!/bin/bash\n");
    b.append("#SBATCH --job-name=").append(plan.name()).append('\n');
    b.append("#SBATCH --nodes=").append(nodes).append('\n');
    b.append("#SBATCH --ntasks-per-node=").append(tasksPerNode).append('\n');
    b.append("#SBATCH --gpus-per-node=").append(gpus).append('\n');
    b.append("#SBATCH --exclusive\n#SBATCH --mem=0\n");
    b.append("#SBATCH --time=24:00:00\n");
    b.append("#SBATCH --output=logs/%x-%j.out\n");
    b.append(plan.header(title));
    b.append("# Submit from the bundle folder: mkdir -p logs && sbatch ").append(file).append('\n');
    b.append("set -euo pipefail\n\n");
    b.append(Shell.defaults(VllmTarget.settings(plan)));
    b.append("mapfile -t nodes < <(scontrol show hostnames \"$SLURM_JOB_NODELIST\")\n");
    b.append("head=${nodes[0]}\n\n");
    return b.toString();
  }
}
