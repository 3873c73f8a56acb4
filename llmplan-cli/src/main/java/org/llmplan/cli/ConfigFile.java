package org.llmplan.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.llmplan.error.InputFiles;
import org.llmplan.error.JsonProblems;
import org.llmplan.error.MalformedInputException;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Options from a YAML file (--config FILE before the command, or LLMPLAN_CONFIG) as defaults that the command
 * line overrides. Top-level keys are option names without dashes and apply to every command that has the
 * option; a key naming a command ("train", "search train") holds options for that command alone:
 * <pre>
 * gpu: h100
 * catalog: ./mycatalog
 * train: {tokens: 15T, price: 3.10}
 * search train: {max-gpus: 64, objective: cost}
 * </pre>
 */
final class ConfigFile implements IDefaultValueProvider {
  private static final ObjectMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private final JsonNode root;

  private ConfigFile(JsonNode root) {
    this.root = root;
  }

  /** Reads the file that --config (the first arguments) or {@code environment} names and installs it. */
  static void install(CommandLine cli, String environment, String... args) {
    String named = args.length >= 2 && args[0].equals("--config") ? args[1]
        : args.length >= 1 && args[0].startsWith("--config=") ? args[0].substring("--config=".length())
        : environment;
    if (named == null || named.isBlank()) {
      return;
    }
    Path path = Path.of(named);
    JsonNode root;
    try {
      root = YAML.readTree(InputFiles.read(path, "config file"));
    } catch (JsonProcessingException e) {
      throw new MalformedInputException("config file " + path + ": " + JsonProblems.describe(e));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return;
    }
    if (!root.isObject()) {
      throw new MalformedInputException("config file " + path + ": expected option: value lines");
    }
    check(cli, root, path);
    cli.setDefaultValueProvider(new ConfigFile(root));
  }

  /** Every key must be an option some command has, or a command whose keys are its options. */
  private static void check(CommandLine cli, JsonNode root, Path path) {
    List<String> anyOption = new ArrayList<>();
    collect(cli, anyOption);
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      CommandLine command = command(cli, e.getKey());
      if (command != null && e.getValue().isObject()) {
        for (Map.Entry<String, JsonNode> o : e.getValue().properties()) {
          if (command.getCommandSpec().findOption("--" + o.getKey()) == null) {
            throw new MalformedInputException("config file " + path + ": '" + e.getKey() + "' has no option --"
                + o.getKey() + "; see llmplan " + e.getKey() + " --help");
          }
        }
      } else if (!anyOption.contains(e.getKey())) {
        throw new MalformedInputException("config file " + path + ": no command has an option --" + e.getKey()
            + "; write option names without dashes, or a command name with its options below it");
      }
    }
  }

  private static void collect(CommandLine cli, List<String> names) {
    for (OptionSpec o : cli.getCommandSpec().options()) {
      names.add(o.longestName().replaceFirst("^--?", ""));
    }
    cli.getSubcommands().values().forEach(sub -> collect(sub, names));
  }

  /** The subcommand a key such as "search train" names, or null. */
  private static CommandLine command(CommandLine top, String key) {
    CommandLine c = top;
    for (String word : key.trim().split("\\s+")) {
      c = c.getSubcommands().get(word);
      if (c == null) {
        return null;
      }
    }
    return c;
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option) || option.command() == null) {
      return null;
    }
    String name = option.longestName().replaceFirst("^--?", "");
    String path = option.command().qualifiedName(" ").replaceFirst("^llmplan ?", "");
    JsonNode value = root.path(path).path(name);
    if (value.isMissingNode() || path.isEmpty()) {
      value = root.path(name);
    }
    return value.isMissingNode() || value.isNull() || value.isObject() ? null : text(value);
  }

  private static String text(JsonNode value) {
    if (!value.isArray()) {
      return value.asText();
    }
    List<String> items = new ArrayList<>();
    value.forEach(v -> items.add(v.asText()));
    return String.join(",", items);
  }
}
