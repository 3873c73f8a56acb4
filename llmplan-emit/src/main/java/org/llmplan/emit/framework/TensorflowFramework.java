package org.llmplan.emit.framework;

import java.util.List;
import java.util.Map;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.TrainingFramework;
import org.llmplan.emit.TrainingProgram;

/**
 * TensorFlow MultiWorkerMirroredStrategy: the user's Keras/TF training script, one worker process per node over
 * all its GPUs, each told the cluster and its own index by TF_CONFIG (not torchrun).
 */
public final class TensorflowFramework implements TrainingFramework {
  static final String NAME = "tensorflow";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TrainingProgram program(LaunchPlan plan) {
    return new TrainingProgram(List.of("python3", "${TRAIN_SCRIPT}"), List.of(),
        TrainingProgram.ordered("TRAIN_SCRIPT", "${BUNDLE_DIR}/train.py", "CHECKPOINT_DIR",
            TrainingProgram.checkpoints(plan)), Map.of(), List.of(NAME),
        "your TensorFlow training script (TRAIN_SCRIPT) with tf.distribute.MultiWorkerMirroredStrategy, one worker "
            + "per node under " + TensorflowTarget.WORKER + " (TF_CONFIG)");
  }

  @Override
  public boolean runsUnderTorchrun() {
    return false;
  }

  @Override
  public List<EmitTarget> targets() {
    return List.of(new TensorflowTarget());
  }

  /** TensorFlow with its CUDA libraries from PyPI, beside the image's PyTorch. */
  @Override
  public String install(LaunchPlan plan) {
    return "# TensorFlow 2.18.0 with its CUDA wheels (the NGC PyTorch image has no TensorFlow).\n"
        + "RUN pip install --no-cache-dir 'tensorflow[and-cuda]==2.18.0'\n\n";
  }
}
