package org.llmplan.emit.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.EngineCommand;
import org.llmplan.emit.EngineCommand.Flag;
import org.llmplan.emit.Formats;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.ServingTarget;
import org.llmplan.emit.Shell;
import org.llmplan.error.InvalidLayoutException;
import org.llmplan.error.InvalidValueException;

/**
 * NVIDIA Triton Inference Server with its vLLM backend (triton-inference-server/vllm_backend): a model repository
 * of one model whose config.pbtxt selects the backend with one model-wide instance, and whose 1/model.json holds
 * the vLLM engine arguments, the same as {@code vllm serve}'s flags for the replica (the backend passes them to
 * AsyncEngineArgs), and a launcher of tritonserver over the repository. A replica within one node only: the backend
 * starts one engine in the server's process. Not in a default bundle: ask for it with --targets triton.
 */
public final class TritonTarget implements ServingTarget {
  public static final String FOLDER = "triton/model_repository";
  public static final String SCRIPT = "triton/tritonserver.sh";
  /** NGC's Triton release with the vLLM backend [not checked against a manifest]. */
  static final String IMAGE = "nvcr.io/nvidia/tritonserver:25.10-vllm-python-py3";
  static final String NAME = "triton";
  /** Server options of vllm serve that are not engine arguments. */
  private static final Set<String> SERVER_FLAGS = Set.of("--host", "--port");

  private static final VllmEngine ENGINE = new VllmEngine();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<BundleFile> files(ServingLaunch plan, List<BundleFile> earlier) {
    if (!(plan.engine() instanceof VllmEngine)) {
      throw new InvalidValueException("Triton's vLLM backend runs a plan sized for vLLM; this plan is for "
          + plan.engine().title() + ", so plan again with --engine vllm or leave out the triton target");
    }
    if (plan.nodesPerReplica() > 1) {
      throw new InvalidLayoutException("Triton's vLLM backend runs a replica within one node; this replica spans "
          + plan.nodesPerReplica() + " nodes, so use the vllm target or fewer GPUs per replica");
    }
    String model = plan.name();
    String folder = FOLDER + "/" + model;
    String header = plan.header("Triton Inference Server");
    String config = header + "backend: \"vllm\"\n"
        + "# One instance for the whole model: vLLM places it on the replica's " + plan.gpusPerPod() + " GPUs.\n"
        + "instance_group [\n  {\n    count: 1\n    kind: KIND_MODEL\n  }\n]\n";
    StringBuilder script = new StringBuilder("#!/bin/bash\n").append(header);
    script.append("# Run in ").append(IMAGE).append(" on a node with ").append(plan.gpusPerPod()).append(" GPUs; ")
        .append("the model is served at /v2/models/").append(model).append("/generate.\n");
    script.append("set -euo pipefail\n\n");
    script.append("BUNDLE_DIR=${BUNDLE_DIR:-$(cd \"$(dirname \"${BASH_SOURCE[0]}\")/..\" && pwd)}\n\n");
    script.append("exec ").append(Shell.command(List.of("tritonserver", "--model-repository",
        "${BUNDLE_DIR}/" + FOLDER, "--http-port", Integer.toString(ServingLaunch.PORT), "--grpc-port", "8001",
        "--metrics-port", "8002"), "  ")).append('\n');
    return List.of(
        BundleFile.text(folder + "/config.pbtxt", "Triton model configuration (vLLM backend)", config),
        BundleFile.text(folder + "/1/model.json", "vLLM engine arguments for Triton's vLLM backend",
            Formats.json(engineArgs(plan))),
        BundleFile.script(SCRIPT, "tritonserver over the model repository", script.toString())
            .withNote("Launch", "**Triton.** `" + SCRIPT + "` in `" + IMAGE + "` serves `" + FOLDER + "` (vLLM "
                + "backend, engine arguments in `" + folder + "/1/model.json`; edit its `model` for a local "
                + "checkpoint); metrics on port 8002."));
  }

  /**
   * The replica's vllm serve flags as engine arguments: --flag-name becomes flag_name, a switch true, its --no-
   * form false, numbers stay numbers.
   */
  static Map<String, Object> engineArgs(ServingLaunch plan) {
    EngineCommand command = ENGINE.command(plan, plan.modelId(), null);
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("model", command.model());
    for (Flag f : command.flags()) {
      if (SERVER_FLAGS.contains(f.name())) {
        continue;
      }
      boolean negative = f.name().startsWith("--no-");
      String key = f.name().substring(negative ? 5 : 2).replace('-', '_');
      args.put(key, f.value() == null ? !negative : value(f.value()));
    }
    return args;
  }

  private static Object value(String text) {
    if (text.matches("-?[0-9]+")) {
      return Long.parseLong(text);
    }
    return text.matches("-?[0-9]*\\.[0-9]+") ? Double.parseDouble(text) : text;
  }
}
