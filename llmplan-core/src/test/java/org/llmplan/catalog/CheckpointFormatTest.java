package org.llmplan.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.llmplan.error.MalformedInputException;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.infer.WeightFormat;
import org.llmplan.request.InferenceRequest;
import org.llmplan.request.NumberFormats;

/** A quantized config.json is served in the format its quantization_config says, unless --precision says else. */
class CheckpointFormatTest {
  private static final Catalog CATALOG = Catalog.embedded();

  @TempDir
  Path dir;

  private Path quantized(String quantizationConfig) throws IOException {
    String base = Files.readString(HuggingFaceConfigTest.fixture("llama-3.1-8b")).strip();
    return Files.writeString(dir.resolve("config.json"), base.substring(0, base.length() - 1)
        + ", \"quantization_config\": " + quantizationConfig + "}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{\"quant_method\": \"awq\", \"bits\": 4, \"group_size\": 128, \"version\": \"gemm\"}|INT4|128",
      "{\"quant_method\": \"gptq\", \"bits\": 4, \"group_size\": 64, \"desc_act\": false}|INT4|64",
      "{\"quant_method\": \"gptq\", \"bits\": 8, \"group_size\": -1}|INT8|128",
      "{\"quant_method\": \"fp8\", \"activation_scheme\": \"dynamic\", \"weight_block_size\": [128, 128]}|FP8|128",
      "{\"quant_method\": \"bitsandbytes\", \"load_in_4bit\": true, \"bnb_4bit_quant_type\": \"nf4\"}|INT4|64",
      "{\"quant_method\": \"bitsandbytes\", \"load_in_8bit\": true}|INT8|64",
      "{\"quant_method\": \"compressed-tensors\", \"format\": \"pack-quantized\", \"config_groups\": {\"group_0\": "
          + "{\"weights\": {\"num_bits\": 4, \"type\": \"int\", \"group_size\": 128}}}}|INT4|128",
      "{\"quant_method\": \"compressed-tensors\", \"format\": \"float-quantized\", \"config_groups\": {\"group_0\": "
          + "{\"weights\": {\"num_bits\": 8, \"type\": \"float\"}}}}|FP8|128"})
  void theStoredFormatIsTheDefaultWeightFormat(String config, WeightFormat format, int group) throws IOException {
    Path file = quantized(config);
    InferenceDeployment d = InferenceRequest.of(file.toString(), "h100").toDeployment(CATALOG);
    assertThat(d.weights()).isEqualTo(format);
    assertThat(d.groupSize()).isEqualTo(group);
    assertThat(CATALOG.model(file.toString()).notes()).contains("checkpoint quantized with");
  }

  @Test
  void nvfp4IsReadAsFp4AndAStatedPrecisionWins() throws IOException {
    Path file = quantized("{\"quant_method\": \"modelopt\", \"quant_algo\": \"NVFP4\"}");
    assertThat(CATALOG.checkpointFormat(file.toString()).orElseThrow().precision()).isEqualTo("fp4");
    InferenceDeployment bf16 = InferenceRequest.of(file.toString(), "h100")
        .with(NumberFormats.builder().precision("bf16").build()).toDeployment(CATALOG);
    assertThat(bf16.weights()).isEqualTo(WeightFormat.BF16);
  }

  @Test
  void anUnknownQuantMethodSaysWhatToPass() throws IOException {
    Path file = quantized("{\"quant_method\": \"eetq\"}");
    assertThatThrownBy(() -> InferenceRequest.of(file.toString(), "h100").toDeployment(CATALOG))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("quant_method 'eetq' is not read")
        .hasMessageContaining("pass --precision");
  }

  @Test
  void catalogModelsAndUnquantizedFilesHaveNoStoredFormat() {
    assertThat(CATALOG.checkpointFormat("llama-3.1-8b")).isEmpty();
    assertThat(CATALOG.checkpointFormat(HuggingFaceConfigTest.fixture("llama-3.1-8b").toString())).isEmpty();
  }
}
