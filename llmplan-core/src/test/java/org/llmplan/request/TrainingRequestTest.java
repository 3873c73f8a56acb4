package org.llmplan.request;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidValueException;

class TrainingRequestTest {
  private static final Catalog CATALOG = Catalog.embedded();

  /** Found by the search CLI fuzz test: a batch in tokens was divided by a zero sequence length. */
  @Test
  void aZeroSequenceIsRefusedBeforeTheBatchInTokensIsDividedByIt() {
    TrainingRequest request = TrainingRequest.of("gpt3-125m")
        .with(HardwareChoice.builder().gpu("a100-80gb").gpus(8).build())
        .with(BatchShape.builder().seq(0).globalBatchTokens(1L).build());
    assertThatThrownBy(() -> request.toJob(CATALOG)).isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("sequence length");
  }
}
