package org.llmplan.emit.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.LaunchSettings;
import org.llmplan.error.InvalidLayoutException;
import org.llmplan.plan.PlanFile;

/** The DeepSpeed and torchtitan configs obey the rules those frameworks check when they start. */
class FrameworkConfigTest {
  private static final Catalog CATALOG = Catalog.embedded();

  private static LaunchPlan plan(String fields) {
    return LaunchPlan.of(PlanFile.parse("{\"format\":\"llmplan-plan/1\",\"training\":{" + fields + "}}", "test"),
        CATALOG, LaunchSettings.DEFAULTS);
  }

  private static JsonNode deepspeed(String fields) throws IOException {
    List<BundleFile> files = new DeepSpeedTarget().files(plan(fields), List.of());
    return new ObjectMapper().readTree(files.get(0).content());
  }

  @Test
  void deepSpeedBatchIdentityUsesTheDataParallelSize() throws IOException {
    // 32 GPUs with TP 2 and PP 2 leave DP 8: 128 = 2 per GPU x 8 accumulation steps x 8.
    JsonNode c = deepspeed("\"model\":\"llama-3.1-8b\",\"framework\":\"deepspeed\",\"gpu\":\"h100\",\"gpus\":32,"
        + "\"tp\":2,\"pp\":2,\"sharding\":\"zero1\",\"microBatch\":2,\"globalBatch\":128");
    assertThat(c.path("train_batch_size").asInt()).isEqualTo(128);
    assertThat(c.path("train_micro_batch_size_per_gpu").asInt()).isEqualTo(2);
    assertThat(c.path("gradient_accumulation_steps").asInt()).isEqualTo(8);
    assertThat(c.path("zero_optimization").path("stage").asInt()).isEqualTo(1);
    assertThat(c.path("bf16").path("enabled").asBoolean()).isTrue();
    assertThat(c.has("fp16")).isFalse();
  }

  @Test
  void zero3WithOffloadAndFp16() throws IOException {
    JsonNode c = deepspeed("\"model\":\"llama-3.1-8b\",\"framework\":\"deepspeed\",\"gpu\":\"h100\",\"gpus\":16,"
        + "\"sharding\":\"zero3\",\"offloadOptimizer\":\"nvme\",\"offloadParams\":\"cpu\",\"precision\":\"fp16\","
        + "\"globalBatch\":64,\"recompute\":\"full\"");
    JsonNode z = c.path("zero_optimization");
    assertThat(z.path("stage").asInt()).isEqualTo(3);
    assertThat(z.path("offload_optimizer").path("device").asText()).isEqualTo("nvme");
    assertThat(z.path("offload_optimizer").path("nvme_path").asText()).isNotEmpty();
    assertThat(z.path("offload_param").path("device").asText()).isEqualTo("cpu");
    assertThat(z.has("stage3_prefetch_bucket_size")).isTrue();
    assertThat(c.path("fp16").path("enabled").asBoolean()).isTrue();
    assertThat(c.has("bf16")).isFalse();
    assertThat(c.path("train_batch_size").asInt()).isEqualTo(c.path("train_micro_batch_size_per_gpu").asInt()
        * c.path("gradient_accumulation_steps").asInt() * 16);
    assertThat(c.path("activation_checkpointing").has("partition_activations")).isTrue();
    assertThat(c.path("optimizer").path("type").asText()).isEqualTo("AdamW");
  }

  @Test
  void deepSpeedRefusesWhatItCannotRun() {
    assertThatThrownBy(() -> deepspeed("\"model\":\"llama-3.1-8b\",\"framework\":\"deepspeed\",\"gpu\":\"h100\","
        + "\"gpus\":16,\"sharding\":\"zero2\",\"offloadOptimizer\":\"nvme\""))
        .isInstanceOf(InvalidLayoutException.class).hasMessageContaining("optimizer offload to NVMe needs ZeRO-3");
    assertThatThrownBy(() -> deepspeed("\"model\":\"llama-3.1-8b\",\"framework\":\"fsdp\",\"gpu\":\"h100\","
        + "\"gpus\":16,\"sharding\":\"fsdp-full\"")).isInstanceOf(InvalidLayoutException.class)
        .hasMessageContaining("--zero 3");
  }

  @Test
  void torchtitanDegreesMultiplyToTheWorldSize() throws IOException {
    LaunchPlan p = plan("\"model\":\"llama-3.1-70b\",\"framework\":\"torchtitan\",\"gpu\":\"h100\",\"gpus\":64,"
        + "\"tp\":4,\"pp\":2,\"vpp\":2,\"sharding\":\"fsdp-hybrid\",\"shardGroup\":4,\"globalBatch\":64,"
        + "\"recompute\":\"full\",\"precision\":\"fp8\"");
    String toml = new TorchtitanTarget().files(p, List.of()).get(0).content();
    JsonNode c = new TomlMapper().readTree(toml);
    JsonNode par = c.path("parallelism");
    int product = par.path("data_parallel_replicate_degree").asInt() * par.path("data_parallel_shard_degree").asInt()
        * par.path("context_parallel_degree").asInt() * par.path("tensor_parallel_degree").asInt()
        * par.path("pipeline_parallel_degree").asInt();
    assertThat(product).isEqualTo(64);
    assertThat(par.path("data_parallel_shard_degree").asInt()).isEqualTo(4);
    assertThat(par.path("data_parallel_replicate_degree").asInt()).isEqualTo(2);
    assertThat(par.path("pipeline_parallel_schedule").asText()).isEqualTo("Interleaved1F1B");
    assertThat(par.path("pipeline_parallel_layers_per_stage").asInt()).isEqualTo(20); // 80 layers / (2 x 2)
    JsonNode training = c.path("training");
    int dp = par.path("data_parallel_replicate_degree").asInt() * par.path("data_parallel_shard_degree").asInt();
    assertThat(training.path("global_batch_size").asInt() % (training.path("local_batch_size").asInt() * dp))
        .isZero();
    assertThat(c.path("model").path("name").asText()).isEqualTo("llama3");
    assertThat(c.path("model").path("flavor").asText()).isEqualTo("70B");
    assertThat(c.path("model").path("converters").get(0).asText()).isEqualTo("float8");
    assertThat(c.path("activation_checkpoint").path("mode").asText()).isEqualTo("full");
    // The torchtitan profile counts compiled element-wise kernels, so the config must compile (job_config.py:722).
    assertThat(c.path("compile").path("enable").asBoolean()).isTrue();
    // checkpoint.enable at the pinned commit (enable_checkpoint was renamed in cd337db and is rejected).
    assertThat(c.path("checkpoint").path("enable").asBoolean()).isTrue();
    assertThat(c.path("checkpoint").has("enable_checkpoint")).isFalse();
  }

  @Test
  void torchtitanRefusesModelsAndShardingsItDoesNotHave() {
    assertThatThrownBy(() -> new TorchtitanTarget().files(plan("\"model\":\"gpt3-13b\",\"framework\":\"torchtitan\","
        + "\"gpu\":\"h100\",\"gpus\":16,\"sharding\":\"fsdp-full\""), List.of()))
        .isInstanceOf(InvalidLayoutException.class).hasMessageContaining("no model for gpt3-13b");
    assertThatThrownBy(() -> new TorchtitanTarget().files(plan("\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\","
        + "\"gpus\":16,\"sharding\":\"dist-opt\""), List.of()))
        .isInstanceOf(InvalidLayoutException.class).hasMessageContaining("FSDP2");
  }
}
