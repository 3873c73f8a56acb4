package org.llmplan.emit.train;

import java.util.List;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.LaunchText;

/**
 * A Dockerfile on the NVIDIA NGC PyTorch image, pinned by tag, with the framework pinned by commit (the
 * framework's plug-in writes that install). The NGC
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
    b.append(plan.framework().install(plan));
    b.append("# prometheus_client for monitoring/llmplan_metrics.py, the exporter of the trainer's step time.\n");
    b.append("RUN pip install --no-cache-dir prometheus-client==0.26.0\n\n");
    b.append("WORKDIR /workspace\n");
    b.append("COPY . ").append(KubernetesTarget.BUNDLE_IN_IMAGE).append('\n');
    b.append("ENV BUNDLE_DIR=").append(KubernetesTarget.BUNDLE_IN_IMAGE).append('\n');
    b.append("ENV PYTHONPATH=").append(KubernetesTarget.BUNDLE_IN_IMAGE).append("/monitoring${PYTHONPATH:+:${PYTHONPATH}}\n");
    return List.of(BundleFile.text(FILE, "container image", b.toString()).withNote("Launch", "**Image.** `docker "
        + "build -f " + FILE + " -t " + plan.image() + " .` from this folder, then push it where the nodes pull from "
        + "(or emit again with `--image`)."));
  }
}
