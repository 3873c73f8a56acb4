package org.llmplan.emit.engine;

import static org.llmplan.emit.Formats.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.llmplan.emit.EngineCommand;
import org.llmplan.emit.EngineCommand.Flag;
import org.llmplan.emit.ReplicaGroup;
import org.llmplan.emit.ServingEngine;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.ServingTarget;
import org.llmplan.hardware.Precision;
import org.llmplan.infer.InferenceDeployment;

/**
 * TensorRT-LLM: {@code trtllm-serve} on the PyTorch backend (click options of tensorrt_llm/commands/serve.py,
 * underscores) with its LLM-API options file. The options file replaces top-level LLM-API keys wholesale, so the KV
 * share lives in its kv_cache_config rather than in a flag. Prometheus text is served at /prometheus/metrics once
 * return_perf_metrics is on; its metric names are not in llmplan's references, so its bundles alert on the GPUs only
 * and keep the planned replicas without an autoscaler. A replica over several nodes runs under MPI through
 * trtllm-llmapi-launch.
 */
public final class TrtllmEngine implements ServingEngine {
  /** NVIDIA's TensorRT-LLM release image, which has trtllm-serve with the PyTorch backend. */
  static final String IMAGE = "nvcr.io/nvidia/tensorrt-llm/release:1.0.0";
  /** trtllm-serve's default share of free memory for the KV cache, used when the plan was sized for another engine. */
  static final double FREE_FRACTION = 0.9;

  /** The wrapper that turns srun's or mpirun's ranks into one trtllm-serve (tensorrt_llm/llmapi/trtllm-llmapi-launch). */
  static final String LAUNCHER = "trtllm-llmapi-launch";
  /** The Secret of a group's SSH key (NAME-ssh): the leader's private key and the workers' authorized_keys. */
  static final String SSH_SECRET = "ssh";

  @Override
  public String name() {
    return "trtllm";
  }

  @Override
  public String title() {
    return "TensorRT-LLM";
  }

  @Override
  public String image() {
    return IMAGE;
  }

  @Override
  public List<ServingTarget> targets() {
    return List.of(new TrtllmTarget());
  }

  /** Whether the plan was sized for TensorRT-LLM (else its launcher is an alternative to another engine's). */
  boolean owns(ServingLaunch launch) {
    return launch.engine() instanceof TrtllmEngine;
  }

  @Override
  public String metricsPath() {
    return "/prometheus/metrics";
  }

  /** Whether {@code command} runs under the multi-node wrapper, to be started once per GPU by srun or mpirun. */
  static boolean wrapped(EngineCommand command) {
    return command.program().get(0).equals(LAUNCHER);
  }

  /**
   * A replica over several nodes is one MPI job of one rank per GPU: the leader runs mpirun over SSH to every pod
   * of its group (pods are LEADER-INDEX.SUBDOMAIN, LeaderWorkerSet's naming), each worker runs sshd. Every pod
   * mounts the group's key Secret: the leader takes the private key, with an ssh config that accepts the
   * workers' host keys (new pods, new keys, so none can be known beforehand); the workers trust its public key
   * and make their host keys if the image has none.
   */
  @Override
  public ReplicaGroup group(ServingLaunch launch, EngineCommand server) {
    int perPod = launch.gpusPerPod();
    String keys = ReplicaGroup.KEY_DIR;
    String leader = "install -d -m 700 ~/.ssh\n"
        + "install -m 600 " + keys + "/id_ed25519 ~/.ssh/id_ed25519\n"
        + "printf 'Host *\\n  IdentityFile ~/.ssh/id_ed25519\\n  StrictHostKeyChecking no\\n"
        + "  UserKnownHostsFile /dev/null\\n' > ~/.ssh/config\n"
        + "hosts=\"${LWS_LEADER_ADDRESS}:" + perPod + "\"\n"
        + "for i in $(seq 1 $((LWS_GROUP_SIZE - 1))); do\n"
        + "  host=${LWS_LEADER_ADDRESS/./-$i.}\n"
        + "  until ssh -o BatchMode=yes \"$host\" true; do sleep 5; done\n"
        + "  hosts+=\",$host:" + perPod + "\"\n"
        + "done\n"
        + "exec mpirun --allow-run-as-root -np " + launch.deployment().gpus() + " -H \"$hosts\" -x HF_TOKEN "
        + server.line();
    String worker = "install -d -m 700 ~/.ssh\n"
        + "install -m 600 " + keys + "/authorized_keys ~/.ssh/authorized_keys\n"
        + "ssh-keygen -A\n"
        + "mkdir -p /run/sshd && exec /usr/sbin/sshd -D";
    return new ReplicaGroup(launch.replicas(), launch.nodesPerReplica(), perPod, leader, worker,
        List.of("an image with sshd, and a Secret `" + launch.name() + "-" + SSH_SECRET + "` with keys `id_ed25519` "
            + "and `authorized_keys` (`ssh-keygen -t ed25519 -N '' -f id_ed25519 && kubectl create secret generic "
            + launch.name() + "-" + SSH_SECRET + " --from-file=id_ed25519 --from-file=authorized_keys=id_ed25519.pub`)"
            + ", so that mpirun on the leader reaches the workers"), SSH_SECRET);
  }

  /** The KV dtype has no CLI flag: it goes in the extra LLM-API options file ({@link #options}). */
  @Override
  public EngineCommand command(ServingLaunch launch, String model, String optionsFile) {
    InferenceDeployment d = launch.deployment();
    List<Flag> f = new ArrayList<>();
    f.add(new Flag("--host", "0.0.0.0"));
    f.add(new Flag("--port", Integer.toString(ServingLaunch.PORT)));
    f.add(new Flag("--backend", "pytorch"));
    f.add(new Flag("--tp_size", Integer.toString(d.tp())));
    f.add(new Flag("--pp_size", Integer.toString(d.pp())));
    if (d.ep() > 1) {
      f.add(new Flag("--ep_size", Integer.toString(d.ep())));
    }
    f.add(new Flag("--gpus_per_node", Integer.toString(launch.gpusPerPod())));
    if (d.maxNumSeqs() > 0) {
      f.add(new Flag("--max_batch_size", Integer.toString(d.maxNumSeqs())));
    }
    if (d.maxBatchedTokens() > 0) {
      f.add(new Flag("--max_num_tokens", Integer.toString(d.maxBatchedTokens())));
    }
    f.add(new Flag("--max_seq_len", Integer.toString(d.maxModelLen())));
    if (d.chunkedPrefill()) {
      f.add(new Flag("--enable_chunked_prefill", null));
    }
    f.add(new Flag("--extra_llm_api_options", optionsFile));
    List<String> program = launch.nodesPerReplica() > 1 ? List.of(LAUNCHER, "trtllm-serve") : List.of("trtllm-serve");
    return new EngineCommand(program, model, f);
  }

  /**
   * The LLM-API options trtllm-serve reads from --extra_llm_api_options: the KV-cache format, page reuse and share
   * of free memory (a YAML kv_cache_config replaces the flag's, so the share is set here), and the perf metrics that
   * mount the Prometheus endpoint.
   */
  @Override
  public Map<String, Object> options(ServingLaunch launch) {
    InferenceDeployment d = launch.deployment();
    String dtype = d.kvPrecision() == Precision.FP8 ? "fp8" : "auto";
    double fraction = owns(launch) ? d.gpuMemoryUtilization() : FREE_FRACTION;
    return map("kv_cache_config", map("dtype", dtype, "enable_block_reuse", true,
        "free_gpu_memory_fraction", fraction), "return_perf_metrics", true);
  }
}
