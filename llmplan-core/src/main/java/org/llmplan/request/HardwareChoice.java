package org.llmplan.request;

import com.fasterxml.jackson.annotation.JsonClassDescription;

/**
 * Which accelerators a training job runs on and how many, as a user names them; any left out (null) takes
 * the default of {@link TrainingRequest#toJob}.
 *
 * @param gpu accelerator name (default: the node's or cluster's GPU)
 * @param cluster catalog cluster: sets the node type; the GPU count defaults to the whole cluster
 * @param node catalog node type: sets the GPU, GPUs per node and host memory
 * @param gpus GPUs in the job
 * @param gpusPerNode GPUs per node
 * @param hostMemoryGiB CPU memory per node, GiB
 */
@JsonClassDescription("which accelerators and how many")
public record HardwareChoice(
    String gpu,
    String cluster,
    String node,
    Integer gpus,
    Integer gpusPerNode,
    Double hostMemoryGiB) {

  /** Nothing stated: every field takes its default. */
  public static final HardwareChoice UNSET = builder().build();

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these fields, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.gpu = gpu;
    b.cluster = cluster;
    b.node = node;
    b.gpus = gpus;
    b.gpusPerNode = gpusPerNode;
    b.hostMemoryGiB = hostMemoryGiB;
    return b;
  }

  /** Sets the fields by name; what is not set stays unstated (null). */
  public static final class Builder {
    private String gpu;
    private String cluster;
    private String node;
    private Integer gpus;
    private Integer gpusPerNode;
    private Double hostMemoryGiB;

    private Builder() {}

    public Builder gpu(String value) {
      gpu = value;
      return this;
    }

    public Builder cluster(String value) {
      cluster = value;
      return this;
    }

    public Builder node(String value) {
      node = value;
      return this;
    }

    public Builder gpus(Integer value) {
      gpus = value;
      return this;
    }

    public Builder gpusPerNode(Integer value) {
      gpusPerNode = value;
      return this;
    }

    public Builder hostMemoryGiB(Double value) {
      hostMemoryGiB = value;
      return this;
    }

    public HardwareChoice build() {
      return new HardwareChoice(gpu, cluster, node, gpus, gpusPerNode, hostMemoryGiB);
    }
  }
}
