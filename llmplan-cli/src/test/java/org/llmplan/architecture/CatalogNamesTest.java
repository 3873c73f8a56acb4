package org.llmplan.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;

/**
 * No code outside a launch plug-in tests a framework, engine or GPU by its catalog name: the names come from
 * the shipped catalog (so the check grows with it) and are looked for in the string constants of every
 * compiled main class. The plug-in packages own their names; the exceptions below are places other slices of
 * issue 11 are moving, each with its reason, and shrink as they go.
 */
class CatalogNamesTest {
  private static final Set<String> PLUGIN_PACKAGES = Set.of("org.llmplan.emit.framework", "org.llmplan.emit.engine");

  /** Class -> names it may still hold, and why. */
  private static final Map<String, Set<String>> EXCEPTIONS = Map.of(
      // Request defaults (--framework megatron, --engine vllm): the requests slice moves defaults into one place.
      "org.llmplan.request.TrainingRequest", Set.of("megatron"),
      "org.llmplan.request.InferenceRequest", Set.of("vllm"),
      // A label of the precision policy (policy: megatron in frameworks.yaml), not the framework.
      "org.llmplan.profile.PrecisionPolicy", Set.of("megatron"),
      // The network report's label for FSDP's all-gather traffic dimension, not the framework.
      "org.llmplan.network.Dimension", Set.of("fsdp"),
      // Defaults of the server and of `memory weights` (--gpu h100-sxm): the views slice moves the server's.
      "org.llmplan.server.api.PlanEndpoints", Set.of("h100-sxm"),
      "org.llmplan.cli.MemoryWeightsCommand", Set.of("h100-sxm"));
  /** Packages that translate other tools' text into catalog names: the published validation rows, benchmarks. */
  private static final Set<String> TRANSLATING_PACKAGES = Set.of("org.llmplan.validate", "org.llmplan.bench");

  @Test
  void noCatalogNameOutsideItsPlugin() {
    Catalog catalog = Catalog.embedded();
    Set<String> names = new TreeSet<>();
    Stream.of(catalog.gpus().stream().flatMap(g -> Stream.concat(Stream.of(g.name()), g.aliases().stream())),
            catalog.frameworks().stream().flatMap(f -> Stream.concat(Stream.of(f.name()), f.aliases().stream())),
            catalog.engines().stream().flatMap(e -> Stream.concat(Stream.of(e.name()), e.aliases().stream())))
        .flatMap(s -> s).map(CatalogNamesTest::normalize).forEach(names::add);
    assertThat(names).contains("megatron", "torchtitan", "vllm", "h100-sxm");
    List<String> found = new ArrayList<>();
    for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.llmplan")) {
      if (PLUGIN_PACKAGES.contains(c.getPackageName()) || TRANSLATING_PACKAGES.contains(c.getPackageName())) {
        continue;
      }
      Set<String> allowed = new TreeSet<>(EXCEPTIONS.getOrDefault(c.getName().replaceFirst("\\$.*", ""), Set.of()));
      // An enum's pool holds its constants' names (ActivationLayout.MEGATRON is a layout, not the framework).
      c.getEnumConstants().forEach(e -> allowed.add(normalize(e.name())));
      for (String constant : strings(c)) {
        String key = normalize(constant);
        if (names.contains(key) && !allowed.contains(key)) {
          found.add(c.getName() + ": \"" + constant + "\"");
        }
      }
    }
    assertThat(found).as("catalog names outside their plug-in").isEmpty();
  }

  private static String normalize(String text) {
    return text.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
  }

  /** The CONSTANT_String entries of a class file's constant pool (JVMS 4.4). */
  static List<String> strings(JavaClass c) {
    try (InputStream in = c.getSource().orElseThrow().getUri().toURL().openStream()) {
      DataInputStream data = new DataInputStream(in);
      data.skipBytes(8); // magic, minor and major version
      int count = data.readUnsignedShort();
      String[] utf8 = new String[count];
      List<Integer> stringRefs = new ArrayList<>();
      for (int i = 1; i < count; i++) {
        int tag = data.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = data.readUTF();
          case 8 -> stringRefs.add(data.readUnsignedShort());
          case 7, 16, 19, 20 -> data.skipBytes(2);
          case 15 -> data.skipBytes(3);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipBytes(4);
          case 5, 6 -> {
            data.skipBytes(8);
            i++; // long and double take two entries
          }
          default -> throw new IllegalStateException("unknown constant pool tag " + tag + " in " + c.getName());
        }
      }
      return stringRefs.stream().map(r -> utf8[r]).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
