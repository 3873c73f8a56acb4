package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every README sample that starts with "$ ./llmplan" is run, and its printed output must be what the
 * program prints today: the README stays true to the code.
 */
class ReadmeExamplesTest {
  record Example(String command, List<String> args, String expected) {}

  static List<Example> examples() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("..", "README.md"));
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).startsWith("$ ./llmplan ")) {
        continue;
      }
      StringBuilder command = new StringBuilder(lines.get(i).substring(2));
      while (command.toString().endsWith("\\")) {
        command.setLength(command.length() - 1);
        command.append(' ').append(lines.get(++i).trim());
      }
      StringBuilder output = new StringBuilder();
      while (!lines.get(++i).startsWith("```")) {
        output.append(lines.get(i)).append('\n');
      }
      List<String> args = List.of(command.toString().trim().split("\\s+"));
      examples.add(new Example(command.toString().trim(), args.subList(1, args.size()), output.toString()));
    }
    return examples;
  }

  @TestFactory
  Stream<DynamicTest> readmeSamplesMatchTheProgram() throws IOException {
    List<Example> examples = examples();
    assertThat(examples).hasSizeGreaterThanOrEqualTo(4);
    return examples.stream().map(e -> DynamicTest.dynamicTest(e.command(), () -> {
      CliRunner r = CliRunner.run(e.args().toArray(String[]::new));
      assertThat((r.out() + r.err()).strip()).isEqualTo(e.expected().strip());
    }));
  }
}
