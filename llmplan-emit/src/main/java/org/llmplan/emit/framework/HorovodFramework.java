package org.llmplan.emit.framework;

import java.util.List;
import java.util.Map;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.EngineCommand;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.TrainingFramework;
import org.llmplan.emit.TrainingProgram;
import org.llmplan.error.InvalidValueException;
import org.llmplan.profile.TensorFusion;

/**
 * Horovod: the user's PyTorch training script with hvd.DistributedOptimizer, one process per GPU started by
 * horovodrun or mpirun (not torchrun), with the tensor-fusion settings the plan was timed with.
 */
public final class HorovodFramework implements TrainingFramework {
  static final String NAME = "horovod";

  @Override
  public String name() {
    return NAME;
  }

  /** The script under python, with HOROVOD_FUSION_THRESHOLD (bytes) and HOROVOD_CYCLE_TIME (ms) of the profile. */
  @Override
  public TrainingProgram program(LaunchPlan plan) {
    TensorFusion fusion = plan.job().framework().tensorFusion();
    if (fusion == null) {
      throw new InvalidValueException("framework " + plan.job().framework().name() + " names plugin horovod but "
          + "has no tensorFusion; give it bufferBytes and cycleSeconds in the catalog");
    }
    Map<String, String> env = TrainingProgram.ordered(
        "HOROVOD_FUSION_THRESHOLD", Long.toString((long) fusion.bufferBytes()),
        "HOROVOD_CYCLE_TIME", EngineCommand.number(fusion.cycleSeconds() * 1000));
    return new TrainingProgram(List.of("python3", "${TRAIN_SCRIPT}"), List.of(),
        TrainingProgram.ordered("TRAIN_SCRIPT", "${BUNDLE_DIR}/train.py", "CHECKPOINT_DIR",
            TrainingProgram.checkpoints(plan)), env, List.of(NAME),
        "your Horovod training script (TRAIN_SCRIPT), one process per GPU under " + HorovodTarget.SCRIPT + ", "
            + HorovodTarget.SLURM + " or " + HorovodTarget.MPIJOB);
  }

  @Override
  public boolean runsUnderTorchrun() {
    return false;
  }

  @Override
  public List<EmitTarget> targets() {
    return List.of(new HorovodTarget());
  }

  /** Horovod built against the image's NCCL and OpenMPI, for PyTorch only. */
  @Override
  public String install(LaunchPlan plan) {
    return "# Horovod 0.28.1 with NCCL collectives, built against the image's PyTorch and OpenMPI.\n"
        + "RUN HOROVOD_GPU_OPERATIONS=NCCL HOROVOD_WITH_PYTORCH=1 HOROVOD_WITH_MPI=1 \\\n"
        + "    pip install --no-cache-dir --no-build-isolation horovod==0.28.1\n\n";
  }
}
