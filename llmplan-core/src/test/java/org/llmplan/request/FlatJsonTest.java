package org.llmplan.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmplan.error.JsonProblems;
import org.llmplan.search.TrainingSearchRequest;
import org.llmplan.serve.ServeRequest;

/** Requests made of parts read and write one flat JSON object, and refuse a field no part has. */
class FlatJsonTest {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY).build();

  private static final TrainingRequest TRAINING = TrainingRequest.of("llama-3.1-70b")
      .with(HardwareChoice.builder().gpu("h100").gpus(64).hostMemoryGiB(2048.0).build())
      .with(LayoutChoice.builder().tp(8).pp(2).sharding("dist-opt").sequenceParallel(true).firstStageLayers(3)
          .embeddingInSplit(false).lossInSplit(false).build())
      .with(BatchShape.builder().globalBatchTokens(4L << 20).seq(8192).build())
      .with(PrecisionRecipe.builder().policy("megatron").build())
      .with(FrameworkOptions.builder().overlapGradReduce(false).capacityFactor(1.25).headroom(0.08).build())
      .with(new AdapterChoice(16, 32.0, "q,v", "nf4", true, true));

  @Test
  void aTrainingRequestIsOneFlatObjectThatReadsBackAsTheSameParts() throws Exception {
    JsonNode written = JSON.valueToTree(TRAINING);
    List<String> names = new ArrayList<>();
    written.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactlyElementsOf(FlatJson.fields(TrainingRequest.class).stream()
        .map(FlatJson.Field::name).toList());
    assertThat(written.get("tp").asInt()).isEqualTo(8);
    assertThat(written.get("globalBatchTokens").asLong()).isEqualTo(4L << 20);
    assertThat(written.has("layout")).isFalse();
    assertThat(JSON.readValue(written.toString(), TrainingRequest.class)).isEqualTo(TRAINING);
  }

  @Test
  void aBodyAsUsersSendItTodayFillsTheRightParts() throws Exception {
    TrainingRequest r = JSON.readValue("{\"model\":\"llama-3.1-70b\",\"gpu\":\"h100\",\"gpus\":64,\"tp\":8,"
        + "\"pp\":2,\"seq\":8192,\"sharding\":\"dist-opt\",\"recompute\":\"selective\",\"sequenceParallel\":true,"
        + "\"framework\":\"megatron\",\"optimizer\":\"adam\"}", TrainingRequest.class);
    assertThat(r.hardware()).isEqualTo(HardwareChoice.builder().gpu("h100").gpus(64).build());
    assertThat(r.layout()).isEqualTo(LayoutChoice.builder().tp(8).pp(2).sharding("dist-opt").recompute("selective")
        .sequenceParallel(true).build());
    assertThat(r.batch()).isEqualTo(BatchShape.builder().seq(8192).build());
    assertThat(r.recipe()).isEqualTo(PrecisionRecipe.builder().optimizer("adam").build());
    assertThat(r.frameworkOptions()).isEqualTo(FrameworkOptions.builder().framework("megatron").build());
  }

  @Test
  void anEmptyObjectIsARequestWithNothingStated() throws Exception {
    assertThat(JSON.readValue("{}", TrainingRequest.class)).isEqualTo(TrainingRequest.of(null));
    assertThat(JSON.readValue("{}", InferenceRequest.class)).isEqualTo(InferenceRequest.of(null, null));
  }

  @Test
  void anUnknownFieldIsOneLineNamingTheFieldsThereAre() {
    assertThatThrownBy(() -> JSON.readValue("{\"model\":\"m\",\"tpp\":2}", TrainingRequest.class))
        .isInstanceOfSatisfying(JsonProcessingException.class, e -> assertThat(JsonProblems.describe(e))
            .startsWith("unknown field 'tpp'; known fields: ")
            .contains("tp, ", "microBatch", "globalBatchTokens", "overlapGradReduce", "hostMemoryGiB")
            .doesNotContain("\n", "layout", "org.llmplan"));
  }

  @Test
  void anUnknownFieldInsideAServingBodySaysWhere() {
    assertThatThrownBy(() -> JSON.readValue("{\"deployment\":{\"model\":\"m\",\"gpu\":\"h100\",\"kvPrecison\":"
        + "\"fp8\"}}", ServeRequest.class))
        .isInstanceOfSatisfying(JsonProcessingException.class, e -> assertThat(JsonProblems.describe(e))
            .startsWith("unknown field 'kvPrecison' in deployment; known fields: ").contains("kvPrecision"));
  }

  @Test
  void aValueOfTheWrongTypeNamesItsField() {
    assertThatThrownBy(() -> JSON.readValue("{\"deployment\":{\"tp\":\"two\"}}", ServeRequest.class))
        .isInstanceOfSatisfying(JsonProcessingException.class, e -> assertThat(JsonProblems.describe(e))
            .isEqualTo("field deployment.tp: cannot read 'two' as integer"));
    assertThatThrownBy(() -> JSON.readValue("[1]", TrainingRequest.class))
        .isInstanceOfSatisfying(JsonProcessingException.class, e -> assertThat(JsonProblems.describe(e))
            .contains("must be a JSON object"));
  }

  @Test
  void aSearchTakesOneGpuNameOrAListAndSharesTheTrainingParts() throws Exception {
    TrainingSearchRequest one = JSON.readValue("{\"model\":\"m\",\"gpu\":\"h100\",\"maxGpus\":64,\"seq\":4096,"
        + "\"tokens\":\"1T\",\"framework\":\"fsdp\"}", TrainingSearchRequest.class);
    TrainingSearchRequest two = JSON.readValue("{\"model\":\"m\",\"gpu\":[\"h100\",\"a100-80gb\"],\"maxGpus\":64}",
        TrainingSearchRequest.class);
    assertThat(one.hardware().gpu()).containsExactly("h100");
    assertThat(two.hardware().gpu()).containsExactly("h100", "a100-80gb");
    assertThat(one.batch()).isEqualTo(BatchShape.builder().seq(4096).build());
    assertThat(one.frameworkOptions()).isEqualTo(FrameworkOptions.builder().framework("fsdp").build());
    assertThat(one.goal().tokens()).isEqualTo("1T");
  }

  @Test
  void aWriterThatLeavesOutNullsLeavesOutUnstatedFields() {
    JsonInclude.Include nonNullValues = JsonInclude.Include.NON_NULL;
    ObjectMapper nonNull = JsonMapper.builder()
        .defaultPropertyInclusion(JsonInclude.Value.construct(nonNullValues, nonNullValues)).build();
    JsonNode written = nonNull.valueToTree(InferenceRequest.of("llama-3.1-8b", "h100")
        .with(ReplicaLayout.builder().tp(2).build()));
    List<String> names = new ArrayList<>();
    written.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("model", "gpu", "tp");
  }
}
