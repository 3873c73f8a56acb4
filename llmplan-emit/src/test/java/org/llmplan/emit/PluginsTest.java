package org.llmplan.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmplan.catalog.Catalog;
import org.llmplan.emit.bundle.LaunchBundle;
import org.llmplan.error.MalformedInputException;
import org.llmplan.profile.EngineProfile;
import org.llmplan.profile.FrameworkProfile;

/** Catalog entries find their launch plug-in through the one registry; a new GPU needs only its YAML entry. */
class PluginsTest {
  @Test
  void everyShippedEntryNamesAKnownPlugin() {
    for (FrameworkProfile f : TestPlans.CATALOG.frameworks()) {
      assertThat(f.plugin()).as(f.name()).isNotNull();
      assertThat(Plugins.of(f).name()).isEqualTo(f.plugin());
    }
    for (EngineProfile e : TestPlans.CATALOG.engines()) {
      assertThat(e.plugin()).as(e.name()).isNotNull();
      assertThat(Plugins.of(e).name()).isEqualTo(e.plugin());
    }
  }

  @Test
  void anUnknownPluginIsOneCatalogLine(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("mine.yaml"), """
        frameworks:
          - name: my-trainer
            plugin: nemo-run
        """);
    Catalog catalog = Catalog.load(List.of(dir));
    assertThatThrownBy(() -> Plugins.check(catalog)).isInstanceOf(MalformedInputException.class)
        .hasMessage("catalog: framework my-trainer names plugin 'nemo-run', which llmplan does not have; choose "
            + "from megatron, deepspeed, torchtitan, horovod, tensorflow, script");
  }

  /** A framework that only names a plug-in in YAML gets that plug-in's launch files. */
  @Test
  void aNewFrameworkIsAYamlEntryNamingItsPlugin(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("mine.yaml"), """
        frameworks:
          - name: my-megatron
            plugin: megatron
            shardings: [none, dist-opt]
        """);
    Catalog catalog = Catalog.load(List.of(dir));
    List<String> paths = LaunchBundle.generate(TestPlans.parse("\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\","
        + "\"gpus\":8,\"framework\":\"my-megatron\",\"sharding\":\"dist-opt\""), catalog,
        LaunchSettings.DEFAULTS, null).stream().map(BundleFile::path).toList();
    assertThat(paths).contains("megatron/megatron-args.sh");
  }

  /** A GPU added to the catalog alone (kernel ceilings assumed from a measured one) is selected by its own label. */
  @Test
  void aNewGpuIsOneYamlEntry(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("gpus.yaml"), """
        gpus:
          - name: h100-next
            kubernetesProductLabel: NVIDIA-H100-NEXT
            vendor: NVIDIA
            memoryGiB: 96
            hbmTBps: 4
            peaks: {fp32: 67, tf32: 495, bf16: 989, fp8: 1979, int8: 1979, fp4: 0}
            scaleUp: {link: NVLink4, gbPerSecond: 450, domain: 8}
            efficiencyFrom: h100-sxm
        """);
    Catalog catalog = Catalog.load(List.of(dir));
    String jobset = LaunchBundle.generate(TestPlans.parse("\"model\":\"llama-3.1-8b\",\"gpu\":\"h100-next\","
        + "\"gpus\":8,\"sharding\":\"dist-opt\""), catalog, LaunchSettings.DEFAULTS, List.of("kubernetes"))
        .stream().filter(f -> f.path().equals("kubernetes/jobset.yaml")).findFirst().orElseThrow().content();
    assertThat(jobset).contains("nvidia.com/gpu.product: NVIDIA-H100-NEXT");
  }
}
