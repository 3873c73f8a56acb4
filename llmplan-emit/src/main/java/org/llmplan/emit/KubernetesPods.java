package org.llmplan.emit;

import static org.llmplan.emit.Formats.map;

import java.util.List;
import java.util.Map;
import org.llmplan.hardware.Accelerator;

/** The parts every GPU pod of a bundle shares, training or serving: node selection, toleration, /dev/shm, labels. */
public final class KubernetesPods {
  private KubernetesPods() {}

  /**
   * A pod spec on nodes with the plan's GPU, selected by GPU Feature Discovery's product label from the
   * catalog, or on any GPU node when the catalog has none, tolerating the GPU nodes' taint.
   */
  public static Map<String, Object> spec(Accelerator gpu, Map<String, Object> container, List<Object> volumes) {
    String product = gpu.kubernetesProductLabel();
    return map("nodeSelector", product != null ? map("nvidia.com/gpu.product", product)
            : map("nvidia.com/gpu.present", "true"),
        "tolerations", List.of(map("key", "nvidia.com/gpu", "operator", "Exists", "effect", "NoSchedule")),
        "containers", List.of(container),
        "volumes", volumes);
  }

  /** A memory-backed /dev/shm for NCCL and data-loader workers (the container runtime's 64 MiB is too small). */
  public static Map<String, Object> sharedMemory(String size) {
    return map("name", "dshm", "emptyDir", map("medium", "Memory", "sizeLimit", size));
  }

  public static Map<String, Object> sharedMemoryMount() {
    return map("name", "dshm", "mountPath", "/dev/shm");
  }

  /** The labels that name the bundle's objects. */
  public static Map<String, Object> labels(String name) {
    return map("app.kubernetes.io/name", name, "app.kubernetes.io/managed-by", "llmplan");
  }
}
