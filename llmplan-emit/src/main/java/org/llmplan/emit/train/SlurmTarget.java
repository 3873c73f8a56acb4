package org.llmplan.emit.train;

import java.util.List;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.LaunchText;
import org.llmplan.emit.Shell;
import org.llmplan.emit.TrainingProgram;

/**
 * A Slurm batch script (sbatch.1, srun.1 of SchedMD/slurm 284c3b9): one torchrun agent per node under srun,
 * whole nodes (--exclusive with --mem=0 for all their memory), and requeue on preemption: Slurm signals the
 * batch shell with USR1 five minutes before the time limit, the trap requeues the job under the same id, and
 * the training process, stopped with SIGTERM, saves a checkpoint that the requeued run loads.
 */
public final class SlurmTarget implements EmitTarget {
  public static final String FILE = "slurm/train.sbatch";
  /** Seconds of warning before the time limit: room to write a checkpoint (Slurm may signal up to 60 s early). */
  static final int WARNING_SECONDS = 300;

  @Override
  public String name() {
    return "slurm";
  }

  @Override
  public List<String> requires(LaunchPlan plan) {
    return plan.program().configTargets();
  }

  @Override
  public List<BundleFile> files(LaunchPlan plan, List<BundleFile> earlier) {
    TrainingProgram program = plan.program();
    StringBuilder b = new StringBuilder("#!/bin/bash\n");
    b.append("#SBATCH --job-name=").append(plan.name()).append('\n');
    b.append("#SBATCH --nodes=").append(plan.nodes()).append('\n');
    b.append("#SBATCH --ntasks-per-node=1\n");
    b.append("#SBATCH --gpus-per-node=").append(plan.gpusPerNode()).append('\n');
    b.append("#SBATCH --exclusive\n#SBATCH --mem=0\n");
    b.append("#SBATCH --time=24:00:00\n");
    b.append("#SBATCH --output=logs/%x-%j.out\n#SBATCH --open-mode=append\n");
    b.append("#SBATCH --requeue\n#SBATCH --signal=B:USR1@").append(WARNING_SECONDS).append('\n');
    b.append(LaunchText.header(plan, "Slurm batch script"));
    b.append("# Submit from the bundle folder: mkdir -p logs && sbatch ").append(FILE).append('\n');
    b.append("set -euo pipefail\n\n");
    b.append("BUNDLE_DIR=${BUNDLE_DIR:-$SLURM_SUBMIT_DIR}\n");
    // An exported but empty SRUN_CPUS_PER_TASK makes srun exit 1 on 22.05/23.02 (slurm.json, parse_int rows).
    b.append("# Slurm 22.05-23.02 srun does not inherit --cpus-per-task from sbatch; set it only when there is one.\n");
    b.append("if [[ -n \"${SLURM_CPUS_PER_TASK:-}\" ]]; then export SRUN_CPUS_PER_TASK=$SLURM_CPUS_PER_TASK; fi\n");
    b.append("mapfile -t nodes < <(scontrol show hostnames \"$SLURM_JOB_NODELIST\")\n");
    b.append("MASTER_ADDR=${nodes[0]}\nMASTER_PORT=").append(TorchrunTarget.RENDEZVOUS_PORT).append('\n');
    b.append("JOB_ID=$SLURM_JOB_ID\n");
    b.append("export BUNDLE_DIR MASTER_ADDR MASTER_PORT JOB_ID\n\n");
    b.append(Shell.defaults(program.settings()));
    b.append(Shell.exports(program.environment()));
    b.append(Shell.exports(NcclEnvironment.of(plan))).append('\n');
    b.append("""
        requeue() {
          echo "$(date -Is) USR1 before the time limit: requeueing job $SLURM_JOB_ID (restart ${SLURM_RESTART_COUNT:-0})"
          scontrol requeue "$SLURM_JOB_ID"
        }
        trap requeue USR1

        # srun runs in the background and the shell waits: bash runs a trap only between foreground commands.
        """);
    List<String> torchrun = TorchrunTarget.command(plan, program,
        List.of("--signals-to-handle", "SIGTERM,SIGINT,SIGUSR1"));
    b.append("srun --kill-on-bad-exit=1 --cpu-bind=none \\\n  ").append(Shell.command(torchrun, "    "))
        .append(" &\nwait $!\n");
    return List.of(BundleFile.script(FILE, "Slurm batch script", b.toString()).withNote("Launch", "**Slurm.** "
        + "`mkdir -p logs && sbatch " + FILE + "` from this folder. The job requeues itself five minutes before its "
        + "time limit or on preemption; the framework saves a checkpoint on SIGTERM and the requeued run resumes "
        + "from `CHECKPOINT_DIR`. Check `NCCL_IB_HCA` against `ibv_devinfo` on a node."));
  }
}
