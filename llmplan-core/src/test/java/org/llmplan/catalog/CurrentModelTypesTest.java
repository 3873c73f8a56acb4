package org.llmplan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.llmplan.model.ModelSpec;

/** Gemma, Gemma 3 (text and multimodal), Phi 2 and GPT-J config.json files as Hugging Face publishes them. */
class CurrentModelTypesTest {
  @ParameterizedTest(name = "{0} has {1} parameters")
  @CsvSource({
      // model cards: Gemma 7B 8.54B; Gemma 3 1B 999,885,952
      "gemma-7b,    8537680896",
      "gemma-3-1b,  999885952",
      // Gemma 3 4B: the card's 4,300,079,472 less its SigLIP tower (416,866,032) and projector (2,950,272)
      "gemma-3-4b,  3880263168",
      // Phi 2: 2,779,683,840 less the LM head bias (51,200), which is not counted
      "phi-2,       2779632640",
      // GPT-J 6B by hand, as the reader counts it (h = 4096, ffn = 4h): embedding and untied head 2 x 50400 x h;
      // per layer 4h^2 + 4h attention (biases counted), 8h^2 + 5h MLP, 2h LayerNorm = 201,371,648; final norm 2h
      "gpt-j-6b,    6051291136",
  })
  void totals(String name, long total) {
    assertThat(HuggingFaceConfigTest.read(name).parameters().total()).isEqualTo(total);
  }

  @Test
  void gemma3ReadsTheSparseTextConfigWithItsDefaults() {
    ModelSpec m = HuggingFaceConfigTest.read("gemma-3-4b");
    assertThat(m.heads()).isEqualTo(8);
    assertThat(m.kvHeads()).isEqualTo(4);
    assertThat(m.headDim()).isEqualTo(256);
    assertThat(m.vocab()).isEqualTo(262_208);
    assertThat(m.tiedEmbeddings()).isTrue();
    assertThat(m.qkNorm()).isTrue();
    assertThat(m.notes()).contains("vision tower");
  }
}
