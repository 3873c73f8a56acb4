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
    return plan(fields, LaunchSettings.DEFAULTS);
  }

  private static LaunchPlan plan(String fields, LaunchSettings settings) {
    return LaunchPlan.of(PlanFile.parse("{\"format\":\"llmplan-plan/1\",\"training\":{" + fields + "}}", "test"),
        CATALOG, settings);
  }

  /** The last torchtitan commit that reads TOML, as a user pins it. */
  private static final LaunchSettings TOML_PIN = new LaunchSettings(null, null, null, "238fa99");

  private static JsonNode deepspeed(String fields) throws IOException {
    List<BundleFile> files = new DeepSpeedTarget().files(plan(fields), List.of());
    return new ObjectMapper().readTree(files.get(0).content());
  }

  @Test
  void deepSpeedBatchIdentityUsesThePipelineGridsDataParallelSize() throws IOException {
    // PipelineModule(num_stages=2) on 32 GPUs makes DP = 32 / 2 = 16 (deepspeed.json pipe_default_topology):
    // 128 = 2 per GPU x 4 accumulation steps x 16.
    JsonNode c = deepspeed("\"model\":\"llama-3.1-8b\",\"framework\":\"deepspeed\",\"gpu\":\"h100\",\"gpus\":32,"
        + "\"pp\":2,\"sharding\":\"zero1\",\"microBatch\":2,\"globalBatch\":128");
    assertThat(c.path("train_batch_size").asInt()).isEqualTo(128);
    assertThat(c.path("train_micro_batch_size_per_gpu").asInt()).isEqualTo(2);
    assertThat(c.path("gradient_accumulation_steps").asInt()).isEqualTo(4);
    assertThat(c.path("zero_optimization").path("stage").asInt()).isEqualTo(1);
    // The pipeline engine turns overlap_comm off under ZeRO-1 (pipe_zero1_no_overlap): the file says so too.
    assertThat(c.path("zero_optimization").path("overlap_comm").asBoolean()).isFalse();
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

  /** The DeepSpeed pipeline engine's rules are the profile's, so `train` and the search refuse such plans too. */
  @Test
  void deepSpeedPipelinesRefuseWhatThePipelineEngineCannotRun() {
    String base = "\"model\":\"llama-3.1-8b\",\"framework\":\"deepspeed\",\"gpu\":\"h100\",\"gpus\":32,";
    assertThatThrownBy(() -> plan(base + "\"pp\":2,\"sharding\":\"zero2\""))
        .isInstanceOf(InvalidLayoutException.class).hasMessageContaining("does not run sharding zero2 with --pp 2");
    assertThatThrownBy(() -> plan(base + "\"pp\":2,\"vpp\":2,\"sharding\":\"zero1\",\"globalBatch\":64"))
        .isInstanceOf(InvalidLayoutException.class).hasMessageContaining("no interleaved schedule");
    assertThatThrownBy(() -> plan(base + "\"pp\":2,\"tp\":2,\"sharding\":\"zero1\""))
        .isInstanceOf(InvalidLayoutException.class).hasMessageContaining("data-parallel size GPUs / PP");
    assertThatThrownBy(() -> plan(base + "\"cp\":2,\"sharding\":\"zero1\""))
        .isInstanceOf(InvalidLayoutException.class).hasMessageContaining("no context parallelism");
  }

  @Test
  void torchtitanDegreesMultiplyToTheWorldSize() throws IOException {
    LaunchPlan p = plan("\"model\":\"llama-3.1-70b\",\"framework\":\"torchtitan\",\"gpu\":\"h100\",\"gpus\":64,"
        + "\"tp\":4,\"pp\":2,\"vpp\":2,\"sharding\":\"fsdp-hybrid\",\"shardGroup\":4,\"globalBatch\":64,"
        + "\"recompute\":\"full\",\"precision\":\"fp8\"", TOML_PIN);
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
    // A pipeline step runs local_batch_size / pipeline_parallel_microbatch_size microbatches (pp_n_microbatches):
    // the plan's 64 / (1 x 8) = 8, not one.
    assertThat(training.path("local_batch_size").asInt() / par.path("pipeline_parallel_microbatch_size").asInt())
        .isEqualTo(p.job().microBatches()).isEqualTo(8);
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
    assertThatThrownBy(() -> plan("\"model\":\"llama-3.1-8b\",\"framework\":\"torchtitan\",\"gpu\":\"h100\","
        + "\"gpus\":8", new LaunchSettings(null, null, null, "9810191"))).hasMessageContaining(
        "--framework-ref 9810191: the torchtitan files are written for commit b5bcd76");
  }

  /** The current torchtitan: a config function, batch in tokens, the pipeline's microbatch count. */
  @Test
  void currentTorchtitanSelectsAConfigFunctionAndCountsTokens() {
    LaunchPlan p = plan("\"model\":\"llama-3.1-70b\",\"framework\":\"torchtitan\",\"gpu\":\"h100\",\"gpus\":64,"
        + "\"tp\":4,\"pp\":2,\"sharding\":\"fsdp-full\",\"globalBatch\":64,\"recompute\":\"selective\","
        + "\"seq\":4096");
    List<String> args = p.program().args();
    assertThat(p.pin()).isEqualTo(TorchtitanFramework.CURRENT);
    assertThat(String.join(" ", args)).startsWith("--module ${TORCHTITAN_MODULE} --config ${TORCHTITAN_CONFIG}")
        .contains("--parallelism.num_pp_microbatches 8", "--training.disable_cuda_graphs",
            "--training.num_tokens_per_microbatch_per_dp_rank 4096", "--training.num_tokens_per_train_step 262144",
            "--checkpoint.enable", "--checkpoint.interval " + p.schedule().saveInterval(),
            "--training.steps " + p.schedule().steps())
        .doesNotContain("local_batch_size", "enable_checkpoint");
    assertThat(p.program().settings()).containsEntry("TORCHTITAN_CONFIG", "llama3_70b")
        .containsKey("HF_ASSETS_PATH");
    // tokens_step_divisible: a step's tokens over (microbatch tokens x microbatches x DP 8) = 1 accumulation.
    assertThat(262144 / (4096L * 8 * 8)).isEqualTo(1);
    assertThatThrownBy(() -> plan("\"model\":\"qwen3-8b\",\"framework\":\"torchtitan\",\"gpu\":\"h100\","
        + "\"gpus\":8,\"recompute\":\"selective\"").program()).hasMessageContaining("--framework-ref 238fa99");
  }
}
