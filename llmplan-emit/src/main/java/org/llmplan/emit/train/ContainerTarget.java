package org.llmplan.emit.train;

import java.util.List;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.LaunchText;

/**
 * A Dockerfile on the NVIDIA NGC PyTorch image, pinned by tag, with the framework pinned by commit. The NGC
 * image already bundles PyTorch, CUDA, NCCL, Transformer Engine and Apex and pins them through
 * PIP_CONSTRAINT=/etc/pip/constraint.txt (since 25.03); framework installs keep those pins rather than
 * pulling another torch from PyPI.
 */
public final class ContainerTarget implements EmitTarget {
  public static final String FILE = "container/Dockerfile";
  /** The NGC PyTorch release Megatron-LM's CI builds on (docker/Dockerfile.ci.dev at d98e8a6). */
  static final String BASE_IMAGE = "nvcr.io/nvidia/pytorch:26.06-py3";

  @Override
  public String name() {
    return "container";
  }

  @Override
  public String description() {
    return "Dockerfile on the pinned NVIDIA PyTorch image, with the framework pinned by commit and the bundle copied in";
  }

  @Override
  public List<BundleFile> files(LaunchPlan plan, List<BundleFile> earlier) {
    StringBuilder b = new StringBuilder("# syntax=docker/dockerfile:1\n");
    b.append(LaunchText.header(plan, "Container image"));
    b.append("# Build from the bundle folder: docker build -f ").append(FILE).append(" -t ").append(plan.image())
        .append(" .\n");
    b.append("# Run with --ipc=host (or a large /dev/shm), --ulimit memlock=-1 --ulimit stack=67108864, GPUs via the "
        + "NVIDIA container toolkit.\n");
    b.append("ARG BASE_IMAGE=").append(BASE_IMAGE).append('\n');
    b.append("FROM ${BASE_IMAGE}\n\n");
    b.append("ENV DEBIAN_FRONTEND=noninteractive PYTHONUNBUFFERED=1\n");
    b.append("# InfiniBand diagnostics (ibstat, ibv_devinfo) for checking NCCL_IB_HCA on the nodes.\n");
    b.append("RUN apt-get update && apt-get install -y --no-install-recommends infiniband-diags ibverbs-utils \\\n"
        + "    && rm -rf /var/lib/apt/lists/*\n\n");
    b.append(framework(plan));
    b.append("WORKDIR /workspace\n");
    b.append("COPY . ").append(KubernetesTarget.BUNDLE_IN_IMAGE).append('\n');
    b.append("ENV BUNDLE_DIR=").append(KubernetesTarget.BUNDLE_IN_IMAGE).append('\n');
    return List.of(BundleFile.text(FILE, b.toString()));
  }

  /** The framework install: a git checkout at the commit the bundle's flags and config keys were read from. */
  private static String framework(LaunchPlan plan) {
    List<String> targets = TrainingProgram.of(plan).configTargets();
    if (targets.contains("megatron")) {
      return checkout("MEGATRON_LM_REF", "d98e8a6", "https://github.com/NVIDIA/Megatron-LM.git",
          "/workspace/Megatron-LM", "Megatron-LM (flags of megatron/training/arguments.py at this commit)");
    }
    if (targets.contains("deepspeed")) {
      return checkout("DEEPSPEED_REF", "edaa722", "https://github.com/deepspeedai/DeepSpeed.git",
          "/workspace/DeepSpeed", "DeepSpeed (config keys of deepspeed/runtime/config.py at this commit)");
    }
    if (targets.contains("torchtitan")) {
      return checkout("TORCHTITAN_REF", "9810191~1", "https://github.com/pytorch/torchtitan.git",
          "/workspace/torchtitan", "torchtitan, the last commit that reads TOML job configs");
    }
    return "# " + plan.job().framework().name() + ": add your training code and its requirements here.\n\n";
  }

  private static String checkout(String arg, String ref, String url, String dir, String what) {
    return "# " + what + "\n"
        + "ARG " + arg + "=" + ref + "\n"
        + "RUN git clone " + url + " " + dir + " \\\n"
        + "    && git -C " + dir + " checkout ${" + arg + "} \\\n"
            + "    && pip install --no-cache-dir -e " + dir + "\n\n";
  }
}
