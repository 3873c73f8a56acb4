package org.llmplan.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.request.InferenceRequest;
import org.llmplan.request.ReplicaLayout;

/** The link a prefill:decode unit moves its KV cache over, on an 8-GPU H100 node (NVLink4 450 GB/s a GPU). */
class KvLinkTest {
  private static final Catalog CATALOG = Catalog.embedded();

  private static InferenceDeployment tp(int tp) {
    return InferenceRequest.of("llama-3.1-8b", "h100").with(ReplicaLayout.builder().tp(tp).build())
        .toDeployment(CATALOG);
  }

  @Test
  void instancesSharingANodeMoveKvOverNvlink() {
    // 1 + 2 instances of TP2 = 6 GPUs of one node: NVLink at its measured ring bus share (0.82 of 450 GB/s)
    assertThat(ServePlanner.kvLinkBytesPerSecond(tp(2), 3)).isCloseTo(450e9 * 0.82, within(1.0));
  }

  @Test
  void instancesSpanningNodesMoveKvOverTheNetwork() {
    InferenceDeployment d = tp(8);
    double network = d.scaleOut().bytesPerSecondPerGpu(d.gpusPerNode());
    assertThat(ServePlanner.kvLinkBytesPerSecond(d, 2)).isLessThan(450e9 * 0.82);
    assertThat(ServePlanner.kvLinkBytesPerSecond(d, 2)).isCloseTo(network, within(network * 0.2));
  }
}
