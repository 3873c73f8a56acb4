package org.llmplan.emit.engine;

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
    if (plan.nodesPerReplica() > 1) {
      b.append("# One replica spans ").append(plan.nodesPerReplica()).append(" nodes: start it under MPI, one rank ")
          .append("per GPU, e.g.\n#   srun --ntasks-per-node=").append(plan.gpusPerPod())
          .append(" trtllm-llmapi-launch ").append(FILE).append('\n');
    }
    b.append("set -euo pipefail\n\n");
    b.append(Shell.defaults(VllmTarget.settings(plan)));
    b.append("BUNDLE_DIR=${BUNDLE_DIR:-$(cd \"$(dirname \"${BASH_SOURCE[0]}\")/..\" && pwd)}\n\n");
    b.append("exec ").append(Shell.command(engine.command(plan, "${" + EngineCommand.MODEL_VARIABLE + "}",
        "${BUNDLE_DIR}/" + OPTIONS).words(), "  ")).append('\n');
    String note = "**TensorRT-LLM.** `" + FILE + "` (image `" + (own ? plan.image() : TrtllmEngine.IMAGE)
        + "`), reading `" + OPTIONS + "`.";
    return List.of(BundleFile.script(FILE, "trtllm-serve launcher, one replica", b.toString()).withNote("Launch", note),
        BundleFile.text(OPTIONS, "TensorRT-LLM LLM-API options (KV cache)", plan.header("trtllm-serve LLM-API options")
            + Formats.yaml(engine.options(plan))));
  }
}
