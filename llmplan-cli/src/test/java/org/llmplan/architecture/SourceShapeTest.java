package org.llmplan.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.CompactConstructorDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Readable in one sitting (issue 11): the shape rules of the developers' guide over the main sources of every
 * module, read from the source trees beside this module. Every package says in a package-info.java what it is
 * for and what it may depend on, and no package-info.java outlives its package; no file is over 400 lines; no
 * method of the engine is over 60 lines, counted from its first line (annotations included, Javadoc not) to its
 * closing brace, lambdas within their method.
 */
class SourceShapeTest {
  private static final int MAX_FILE_LINES = 400;
  private static final int MAX_ENGINE_METHOD_LINES = 60;
  private static final Path REPOSITORY = Path.of("..");
  private static final Path ENGINE = REPOSITORY.resolve("llmplan-core/src/main/java");

  private static List<Path> sourceRoots;

  @BeforeAll
  static void findSourceRoots() throws IOException {
    sourceRoots = new ArrayList<>();
    try (DirectoryStream<Path> modules = Files.newDirectoryStream(REPOSITORY, "llmplan-*")) {
      for (Path module : modules) {
        Path root = module.resolve("src/main/java");
        if (Files.isDirectory(root)) {
          sourceRoots.add(root);
        }
      }
    }
    // core, emit, server, cli and bench: fewer means the test is looking in the wrong place.
    assertThat(sourceRoots).as("module source trees under %s", REPOSITORY.toAbsolutePath().normalize())
        .hasSizeGreaterThanOrEqualTo(5).contains(ENGINE);
  }

  @Test
  void everyPackageSaysWhatItIsForAndWhatItMayDependOn() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (Path root : sourceRoots) {
      for (Path dir : packageDirectories(root)) {
        Path info = dir.resolve("package-info.java");
        if (!Files.exists(info)) {
          offenders.add(shown(dir) + ": no package-info.java");
        } else if (!Files.readString(info).toLowerCase(Locale.ROOT).contains("depend")) {
          offenders.add(shown(info) + ": does not say what the package may depend on");
        }
      }
      for (Path info : javaFiles(root)) {
        if (info.getFileName().toString().equals("package-info.java") && !holdsTypes(info.getParent())) {
          offenders.add(shown(info) + ": describes a package that has no types left");
        }
      }
    }
    report("packages without a package-info.java that says what they may depend on", offenders);
  }

  @Test
  void noMainSourceFileIsOver400Lines() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (Path root : sourceRoots) {
      for (Path file : javaFiles(root)) {
        int lines = Files.readAllLines(file).size();
        if (lines > MAX_FILE_LINES) {
          offenders.add(shown(file) + ": " + lines + " lines");
        }
      }
    }
    report("main source files over " + MAX_FILE_LINES + " lines", offenders);
  }

  @Test
  void noEngineMethodIsOver60Lines() throws IOException {
    JavaParser parser = new JavaParser(
        new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
    List<String> offenders = new ArrayList<>();
    for (Path file : javaFiles(ENGINE)) {
      ParseResult<CompilationUnit> parsed = parser.parse(file);
      assertThat(parsed.isSuccessful()).as("%s parses: %s", file, parsed.getProblems()).isTrue();
      CompilationUnit unit = parsed.getResult().orElseThrow();
      List<Node> methods = new ArrayList<>();
      methods.addAll(unit.findAll(CallableDeclaration.class));
      methods.addAll(unit.findAll(CompactConstructorDeclaration.class));
      methods.addAll(unit.findAll(InitializerDeclaration.class));
      for (Node method : methods) {
        int first = method.getBegin().orElseThrow().line;
        int lines = method.getEnd().orElseThrow().line - first + 1;
        if (lines > MAX_ENGINE_METHOD_LINES) {
          offenders.add(shown(file) + ":" + first + " " + name(method) + ": " + lines + " lines");
        }
      }
    }
    report("engine methods over " + MAX_ENGINE_METHOD_LINES + " lines", offenders);
  }

  private static String name(Node method) {
    if (method instanceof CallableDeclaration<?> callable) {
      return callable.getNameAsString();
    }
    if (method instanceof CompactConstructorDeclaration compact) {
      return compact.getNameAsString() + " (compact constructor)";
    }
    return "initializer block";
  }

  /** Prints every offender, one a line, so that one run shows all there is to fix. */
  private static void report(String rule, List<String> offenders) {
    offenders.forEach(offender -> System.out.println("SourceShapeTest: " + offender));
    assertThat(offenders).as(rule).isEmpty();
  }

  private static List<Path> javaFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
    }
  }

  /** The directories under root that hold a Java source other than package-info.java. */
  private static List<Path> packageDirectories(Path root) throws IOException {
    try (Stream<Path> dirs = Files.walk(root)) {
      return dirs.filter(Files::isDirectory).filter(SourceShapeTest::holdsTypes).sorted().toList();
    }
  }

  private static boolean holdsTypes(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(file -> file.toString().endsWith(".java")
          && !file.getFileName().toString().equals("package-info.java"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String shown(Path path) {
    return REPOSITORY.relativize(path).toString();
  }
}
