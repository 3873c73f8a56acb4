package org.llmplan.emit.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.EngineCommand;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.ServingTarget;
import org.llmplan.emit.Shell;

/** A launch script that runs {@code vllm serve} for one replica with the plan's layout and limits. */
public final class VllmTarget implements ServingTarget {
  public static final String FILE = "serve/vllm-serve.sh";
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
    return List.of(BundleFile.script(FILE, "vllm serve launcher, one replica", b.toString())
        .withNote("Launch", note));
  }

  /** Variables the scripts read with the plan's value as default: the checkpoint, and where it is cached. */
  static Map<String, String> settings(ServingLaunch plan) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(EngineCommand.MODEL_VARIABLE, plan.modelId());
    s.put("HF_HOME", "${HOME}/.cache/huggingface");
    return s;
  }
}
