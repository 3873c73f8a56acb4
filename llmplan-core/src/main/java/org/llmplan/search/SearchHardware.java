package org.llmplan.search;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.List;

/**
 * The accelerators a layout search may use and how many, as a user states them; any left out (null) takes
 * the default of {@link TrainingSearchRequest#resolve}. One of {@code gpus} and {@code maxGpus} is given.
 *
 * @param gpu accelerator names; each entry may itself be a comma-separated list
 * @param gpus a fixed GPU count
 * @param maxGpus the largest GPU count: every whole number of nodes up to it is tried (below one node,
 *     every count that divides the node)
 * @param gpusPerNode GPUs per node (default: the GPU's catalog node, else 8)
 * @param hostMemoryGiB CPU memory per node, GiB (default: the GPU's catalog node)
 */
@JsonClassDescription("which accelerators to consider and how many")
public record SearchHardware(
    List<String> gpu,
    Integer gpus,
    Integer maxGpus,
    Integer gpusPerNode,
    Double hostMemoryGiB) {

  /** Nothing stated: every field takes its default. */
  public static final SearchHardware UNSET = builder().build();

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these fields, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.gpu = gpu;
    b.gpus = gpus;
    b.maxGpus = maxGpus;
    b.gpusPerNode = gpusPerNode;
    b.hostMemoryGiB = hostMemoryGiB;
    return b;
  }

  /** Sets the fields by name; what is not set stays unstated (null). */
  public static final class Builder {
    private List<String> gpu;
    private Integer gpus;
    private Integer maxGpus;
    private Integer gpusPerNode;
    private Double hostMemoryGiB;

    private Builder() {}

    public Builder gpu(List<String> value) {
      gpu = value;
      return this;
    }

    public Builder gpus(Integer value) {
      gpus = value;
      return this;
    }

    public Builder maxGpus(Integer value) {
      maxGpus = value;
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

    public SearchHardware build() {
      return new SearchHardware(gpu, gpus, maxGpus, gpusPerNode, hostMemoryGiB);
    }
  }
}
