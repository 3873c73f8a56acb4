package org.llmplan.emit;

import java.util.List;

/**
 * The pods of a server that spans nodes, as a LeaderWorkerSet: {@code groups} groups of {@code size} pods, each
 * pod with {@code gpusPerPod} GPUs, the leader and the workers each running a bash script ({@code bash -c}). The
 * LeaderWorkerSet controller gives every pod LWS_LEADER_ADDRESS, LWS_GROUP_SIZE and LWS_WORKER_INDEX.
 *
 * @param groups LeaderWorkerSet replicas (one per serving replica, or one for a data-parallel deployment)
 * @param leader the leader pod's script: starts the server over every pod of its group
 * @param worker each worker pod's script: joins the leader
 * @param requirements what the cluster must provide beyond the LeaderWorkerSet controller, for the README
 * @param keySecret the suffix of a Secret (NAME-SUFFIX) every pod of the group mounts at {@link #KEY_DIR}, such as
 *     the SSH key MPI reaches the workers with; null for none
 */
public record ReplicaGroup(int groups, int size, int gpusPerPod, String leader, String worker,
    List<String> requirements, String keySecret) {
  /** Where the pods find {@link #keySecret}'s files. */
  public static final String KEY_DIR = "/etc/llmplan-keys";

  /** A group whose pods need no Secret. */
  public ReplicaGroup(int groups, int size, int gpusPerPod, String leader, String worker, List<String> requirements) {
    this(groups, size, gpusPerPod, leader, worker, requirements, null);
  }

  /** A container command that runs {@code script} with bash. */
  public static List<String> bash(String script) {
    return List.of("/bin/bash", "-c", script);
  }
}
