package org.llmplan.emit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A server command found in an emitted file: a line of a script (continuations joined), a container's command and
 * args, or a {@code bash -c} script inside a container. Found by the program's name in command position, so every
 * place a bundle starts a server is checked, not only the ones a test knows of.
 *
 * @param file the bundle file, relative to the bundle
 * @param program "vllm serve" or "trtllm-serve"
 * @param wrapped whether trtllm-llmapi-launch runs it
 * @param words what follows the program: the model, then options ("--flag value" or "--flag=value")
 */
public record ServerCommand(String file, String program, boolean wrapped, List<String> words) {
  public static final List<String> PROGRAMS = List.of("vllm serve", "trtllm-serve");
  private static final YAMLMapper YAML = new YAMLMapper();

  /** Every server command of every script and Kubernetes manifest under {@code bundle}. */
  public static List<ServerCommand> in(Path bundle) {
    List<ServerCommand> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(bundle)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = bundle.relativize(f).toString();
        if (name.endsWith(".sh") || name.endsWith(".sbatch")) {
          found.addAll(inScript(name, Files.readString(f)));
        } else if (name.startsWith("kubernetes/") && name.endsWith(".yaml")) {
          inContainers(name, YAML.readTree(f.toFile()), found);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  /** The commands of a bash script: each line that is not a comment, cut at &, &&, ; or |. */
  public static List<ServerCommand> inScript(String file, String text) {
    List<ServerCommand> found = new ArrayList<>();
    for (String line : text.replace("\\\n", " ").split("\n")) {
      if (line.trim().startsWith("#")) {
        continue;
      }
      List<String> words = Arrays.stream(line.replace(";", " ; ").trim().split("\\s+"))
          .map(ServerCommand::unquote).toList();
      for (int i = 0; i < words.size(); i++) {
        String program = programAt(words, i);
        if (program == null) {
          continue;
        }
        int start = i + program.split(" ").length;
        int end = start;
        while (end < words.size() && !List.of("&", "&&", ";", "|").contains(words.get(end))) {
          end++;
        }
        boolean wrapped = i > 0 && words.get(i - 1).equals("trtllm-llmapi-launch");
        found.add(new ServerCommand(file, program, wrapped, words.subList(start, end)));
        i = end;
      }
    }
    return found;
  }

  private static void inContainers(String file, JsonNode node, List<ServerCommand> found) {
    if (node.has("containers")) {
      for (JsonNode c : node.path("containers")) {
        List<String> command = new ArrayList<>();
        c.path("command").forEach(w -> command.add(w.asText()));
        List<String> args = new ArrayList<>();
        c.path("args").forEach(w -> args.add(w.asText()));
        if (command.size() == 3 && command.get(0).endsWith("bash") && command.get(1).equals("-c")) {
          found.addAll(inScript(file, command.get(2)));
        } else {
          List<String> words = new ArrayList<>(command);
          words.addAll(args);
          found.addAll(inScript(file, String.join(" ", words)));
        }
      }
    }
    node.forEach(child -> inContainers(file, child, found));
  }

  private static String programAt(List<String> words, int i) {
    if (words.get(i).equals("vllm") && i + 1 < words.size() && words.get(i + 1).equals("serve")) {
      return "vllm serve";
    }
    return words.get(i).equals("trtllm-serve") ? "trtllm-serve" : null;
  }

  private static String unquote(String word) {
    boolean quoted = word.length() >= 2 && (word.startsWith("\"") && word.endsWith("\"")
        || word.startsWith("'") && word.endsWith("'"));
    return quoted ? word.substring(1, word.length() - 1) : word;
  }
}
