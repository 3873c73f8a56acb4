package org.llmplan.emit.serve;

import java.util.List;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.Formats;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.ServingTarget;
import org.llmplan.emit.train.Shell;

/**
 * A TensorRT-LLM {@code trtllm-serve} launch script (PyTorch backend) and its LLM-API options file: the
 * launcher of a tensorrt-llm plan, or an alternative to vLLM for the same replica.
 */
public final class TrtllmTarget implements ServingTarget {
  public static final String FILE = "serve/trtllm-serve.sh";
  public static final String OPTIONS = "serve/trtllm-options.yaml";

  @Override
  public String name() {
    return "trtllm";
  }

  @Override
  public String description() {
    return "trtllm-serve launch script and LLM-API options (TP, PP, batch, tokens, sequence length, KV dtype)";
  }

  @Override
  public List<BundleFile> files(ServingLaunch plan, List<BundleFile> earlier) {
    StringBuilder b = new StringBuilder("#!/bin/bash\n");
    b.append(plan.header("trtllm-serve launcher"));
    if (!plan.vllm()) {
      b.append("# The plan was sized for TensorRT-LLM: this is its launcher.\n");
    } else {
      b.append("# An alternative to ").append(VllmTarget.FILE).append(": the plan was sized for vLLM, so the KV\n")
          .append("# share is TensorRT-LLM's default fraction of free memory.\n");
    }
    if (plan.nodesPerReplica() > 1) {
      b.append("# One replica spans ").append(plan.nodesPerReplica()).append(" nodes: start it under MPI, one rank ")
          .append("per GPU, e.g.\n#   srun --ntasks-per-node=").append(plan.gpusPerPod())
          .append(" trtllm-llmapi-launch ").append(FILE).append('\n');
    }
    b.append("set -euo pipefail\n\n");
    b.append(Shell.defaults(VllmTarget.settings(plan)));
    b.append("BUNDLE_DIR=${BUNDLE_DIR:-$(cd \"$(dirname \"${BASH_SOURCE[0]}\")/..\" && pwd)}\n\n");
    b.append("exec ").append(Shell.command(EngineCommand.trtllm(plan, "${" + EngineCommand.MODEL_VARIABLE + "}",
        "${BUNDLE_DIR}/" + OPTIONS).words(), "  ")).append('\n');
    return List.of(BundleFile.script(FILE, b.toString()),
        BundleFile.text(OPTIONS, plan.header("trtllm-serve LLM-API options") + Formats.yaml(
            EngineCommand.trtllmOptions(plan))));
  }
}
