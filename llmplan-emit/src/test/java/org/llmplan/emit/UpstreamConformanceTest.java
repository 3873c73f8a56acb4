package org.llmplan.emit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmplan.emit.bundle.LaunchBundle;
import org.llmplan.emit.upstream.DeepSpeedManifest;
import org.llmplan.emit.upstream.Manifest;
import org.llmplan.emit.upstream.MegatronManifest;
import org.llmplan.emit.upstream.SlurmManifest;
import org.llmplan.emit.upstream.TorchtitanManifest;

/**
 * The checks of {@link BundleMatrixTest} catch the defects they exist for (each one a file that would not start or
 * would not run the plan), and the files follow the plan where they used to ignore it. Each test names the
 * manifest row it relies on.
 */
class UpstreamConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** megatron-lm.json flags: an unknown flag, a deprecated one, a value outside the choices, a missing value. */
  @Test
  void megatronFlagsAreCheckedAgainstTheParser() {
    assertThat(MegatronManifest.problems(List.of("--save-intervall", "5", "--use-rotary-position-embeddings",
        "--fp8-recipe", "hybrid", "--train-iters", "--bf16", "--rotary-base", "1e4"))).containsExactly(
        "--save-intervall: not a Megatron-LM flag at d98e8a6",
        "5: not a Megatron-LM flag at d98e8a6 (a value without a flag)",
        "--use-rotary-position-embeddings: deprecated (yes)",
        "--fp8-recipe hybrid: not one of [\"tensorwise\",\"delayed\",\"mxfp8\",\"blockwise\",\"custom\"]",
        "--train-iters: needs a value", "--rotary-base 1e4: not a int");
    // cuda_max_conn: TP 2 without CUDA_DEVICE_MAX_CONNECTIONS=1 is refused by validate_args.
    assertThat(MegatronManifest.launchProblems(List.of("--tensor-model-parallel-size", "2", "--train-iters", "10"),
        Map.of())).containsExactly("cuda_max_conn");
  }

  /** deepspeed.json pipe_zero23, pipe_default_topology, batch_identity: the plan the issue found is refused. */
  @Test
  void deepSpeedRulesCatchTheOldPipelinePlan() throws IOException {
    // The old emitter: 32 GPUs, TP 2 x PP 2, ZeRO-2, GAS from DP = 32 / 4 = 8.
    JsonNode old = JSON.readTree("{\"train_batch_size\":128,\"train_micro_batch_size_per_gpu\":2,"
        + "\"gradient_accumulation_steps\":8,\"zero_optimization\":{\"stage\":2,\"overlap_com\":true}}");
    assertThat(DeepSpeedManifest.ruleProblems(old, 32, 2, 2, 1, 2, false)).containsExactly(
        "batch_identity: 128 != mbs x gas x 16", "pipe_zero23: ZeRO stage 2 with a pipeline",
        "pipe_schedule_1f1b_only: virtual stages", "pipe_default_topology: TP 2 has no axis in PipelineModule(num_stages=P)");
    assertThat(DeepSpeedManifest.keyProblems(old)).containsExactly(
        "zero_optimization.overlap_com: not a DeepSpeed config key at edaa722");
    assertThat(DeepSpeedManifest.manifest().constraint("constraints", "pipe_zero23").path("rule").asText())
        .contains("stage < 2");
  }

  /** torchtitan.json checkpoint_enable_name and pp_n_microbatches: the old TOML fails both. */
  @Test
  void torchtitanChecksCatchTheOldToml() throws IOException {
    JsonNode old = new TomlMapper().readTree("[checkpoint]\nenable_checkpoint = true\n[training]\nlocal_batch_size = 1\n"
        + "global_batch_size = 64\nsteps = 1000\n[parallelism]\npipeline_parallel_degree = 2\n"
        + "pipeline_parallel_microbatch_size = 1\ndata_parallel_shard_degree = 8\ntensor_parallel_degree = 4\n");
    assertThat(TorchtitanManifest.tomlProblems(old))
        .containsExactly("checkpoint.enable_checkpoint: not a field of torchtitan's JobConfig at 238fa99");
    LaunchPlan plan = TrainingMatrix.PLANS.get("torchtitan-toml-vpp-fp8").launch();
    assertThat(TorchtitanRules.legacy(old, plan)).contains(
        "pp_n_microbatches: 1 / 1 is not the plan's 8", "steps or checkpoint interval not the plan's");
    // The current config takes no local batch and needs --module and --config (select_module_config).
    assertThat(TorchtitanManifest.argumentProblems(List.of("--training.local_batch_size", "8"), false))
        .containsExactly("select_module_config: --module and --config are both required",
            "--training.local_batch_size: not a torchtitan field at b5bcd76");
  }

  /**
   * slurm.json parse_int rows: srun 22.05 exits 1 on an empty SRUN_CPUS_PER_TASK. bash runs the script's own lines
   * without --cpus-per-task: the old line exports an empty value, the emitted one exports nothing.
   */
  @Test
  void slurmNeverExportsAnEmptyCpusPerTask(@TempDir Path dir) throws IOException {
    assertThat(SlurmManifest.exitCode("slurm-22-05-11-1", "\"\"")).isEqualTo("1");
    assertThat(SlurmManifest.exitCode("slurm-22-05-11-1", "\"4\"")).isEqualTo("0");
    String old = "export SRUN_CPUS_PER_TASK=${SLURM_CPUS_PER_TASK:-}";
    assertThat(srunCpus(dir, old, null)).isEqualTo("exported:");
    Path bundle = TestPlans.bundle("dense-megatron");
    String lines = SlurmManifest.srunCpusLines(TestPlans.read(bundle.resolve("slurm/train.sbatch")));
    assertThat(srunCpus(dir, lines, null)).isEqualTo("unset:");
    assertThat(srunCpus(dir, lines, "4")).isEqualTo("exported:4");
    assertThat(SlurmManifest.directiveProblems("#SBATCH --gpus-per-nod=8\n#SBATCH --nodes=2\n"))
        .containsExactly("#SBATCH --gpus-per-nod: not an sbatch option on all of 22.05-24.05");
  }

  private static String srunCpus(Path dir, String lines, String cpus) {
    String set = cpus == null ? "unset SLURM_CPUS_PER_TASK; " : "SLURM_CPUS_PER_TASK=" + cpus + "; ";
    ExternalTool run = ExternalTool.run(dir, "bash", "-c", set + lines
        + "\nif env | grep -q '^SRUN_CPUS_PER_TASK='; then echo \"exported:$SRUN_CPUS_PER_TASK\"; else echo unset:; fi");
    return run.output().trim();
  }

  /** The container installs each framework at a commit a manifest was extracted at, so the checks apply to it. */
  @Test
  void pinsAreTheManifestsCommits() {
    Map<String, String> manifests = Map.of("megatron", "megatron-lm.json", "deepspeed", "deepspeed.json",
        "torchtitan", "torchtitan.json");
    List<String> checked = new ArrayList<>();
    for (TrainingFramework f : Plugins.frameworks()) {
      if (f.pins().isEmpty()) {
        continue;
      }
      List<String> commits = Manifest.load(manifests.get(f.name())).commits();
      assertThat(commits).as(f.name()).containsAll(f.pins());
      checked.add(f.name());
    }
    assertThat(checked).containsExactlyInAnyOrder("megatron", "deepspeed", "torchtitan");
  }

  /**
   * The RoCE plan of the issue (`--fabric roce-100g --nics-per-node 2`): the files use that network, its step
   * time, two HCAs and the RoCE GID index; they train the plan's steps and save at its interval.
   */
  @Test
  void filesFollowThePlansRunAndNetwork() {
    TrainingMatrix m = TrainingMatrix.PLANS.get("megatron-cp-roce");
    LaunchPlan plan = m.launch();
    List<BundleFile> files = LaunchBundle.generate(m.plan(), TestPlans.CATALOG, m.settings(), null);
    String sbatch = content(files, "slurm/train.sbatch");
    assertThat(sbatch).contains("export NCCL_IB_HCA='=mlx5_0,mlx5_1'\n").contains("export NCCL_IB_GID_INDEX=3\n");
    assertThat(plan.job().scaleOut().fabric()).isEqualTo("roce-100g");
    LaunchPlan onItsNode = LaunchPlan.of(TestPlans.parse(m.request()), TestPlans.CATALOG, LaunchSettings.DEFAULTS);
    assertThat(plan.time().stepSeconds()).isNotEqualTo(onItsNode.time().stepSeconds());
    assertThat(content(files, "README.md")).contains(String.format(Locale.ROOT, "%.3f s", plan.time().stepSeconds()));
    // 1e11 tokens at 4 x 8192 tokens per step (global batch = DP 4, seq 8192): ceil(1e11 / 32768) = 3,051,758.
    assertThat(plan.job().globalBatch() * (long) plan.job().seq()).isEqualTo(32768);
    assertThat(plan.schedule().steps()).isEqualTo(3_051_758);
    // A 45 min interval over the step time, in steps.
    assertThat(plan.schedule().saveInterval()).isEqualTo(Math.round(2700 / plan.time().stepSeconds()));
    String args = content(files, "megatron/megatron-args.sh");
    assertThat(args).contains("--train-iters 3051758", "--save-interval " + plan.schedule().saveInterval(),
        "--lr 0.0001", "--min-lr 0.00001", "--lr-decay-style linear",
        "--lr-warmup-iters " + (long) Math.ceil(0.02 * 3_051_758)).doesNotContain("TRAIN_ITERS");
  }

  /** A plan saved without a budget trains the Chinchilla budget, 20 tokens per parameter, and says so. */
  @Test
  void aPlanWithoutABudgetTrainsTwentyTokensPerParameter() {
    LaunchPlan plan = TrainingMatrix.PLANS.get("megatron-one-gpu-v1").launch();
    double tokens = 20.0 * plan.job().model().parameters().total();
    assertThat(plan.schedule().tokens()).isEqualTo(tokens);
    assertThat(plan.schedule().steps()).isEqualTo((long) Math.ceil(tokens / (plan.job().globalBatch() * 2048.0)));
    assertThat(plan.schedule().tokensSource()).contains("Chinchilla");
  }

  private static String content(List<BundleFile> files, String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow().content();
  }

}
