package org.llmplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md cannot fall behind the request records: its field tables are regenerated from them and compared.
 * After changing a request, rewrite the tables with
 * {@code mvn -o test -pl llmplan-server -am -Dtest=ApiDocsTest -Dllmplan.writeApiDocs=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ApiDocsTest {
  private static final Path DOC = Path.of("../docs/api.md");

  @Test
  void theFieldTablesOfApiMdAreTheRequestRecords() throws IOException {
    String doc = Files.readString(DOC);
    String generated = RequestFieldTables.regenerate(doc);
    if (Boolean.getBoolean("llmplan.writeApiDocs")) {
      Files.writeString(DOC, generated);
      doc = generated;
    }
    assertThat(doc).as("docs/api.md differs from the request records; lines - in the file, + generated:\n%s",
        diff(doc, generated)).isEqualTo(generated);
  }

  @Test
  void everyRequestBodyHasItsTable() throws IOException {
    assertThat(RequestFieldTables.marked(Files.readString(DOC)))
        .containsExactlyInAnyOrderElementsOf(RequestFieldTables.BODIES.keySet());
  }

  @Test
  void aTableListsEveryPartAndFieldWithItsType() {
    String table = RequestFieldTables.table(org.llmplan.request.TrainingRequest.class);
    assertThat(table).contains("| `layout`: how the GPUs split the work | `tp` (integer), `pp` (integer)")
        .contains("`sequenceParallel` (true/false)", "`hostMemoryGiB` (number)", "`globalBatchTokens` (integer)",
            "`firstStageLayers` (integer)", "`overlapGradReduce` (true/false)")
        .startsWith("| part | fields |\n|---|---|\n| (the request itself) | `model` (text) |\n");
    assertThat(RequestFieldTables.table(org.llmplan.search.TrainingSearchRequest.class))
        .contains("`gpu` (text or list of text)", "`failures` (text)");
  }

  @Test
  void aDifferenceIsPrintedLineByLine() {
    assertThat(diff("a\nold\nc", "a\nnew\nc\nd")).isEqualTo("- old\n+ new\n+ d");
  }

  /** The lines only in {@code a} (-) and only in {@code b} (+), in order: a longest-common-subsequence diff. */
  static String diff(String a, String b) {
    List<String> x = Arrays.asList(a.split("\n", -1));
    List<String> y = Arrays.asList(b.split("\n", -1));
    int[][] common = new int[x.size() + 1][y.size() + 1];
    for (int i = x.size() - 1; i >= 0; i--) {
      for (int j = y.size() - 1; j >= 0; j--) {
        common[i][j] = x.get(i).equals(y.get(j)) ? common[i + 1][j + 1] + 1
            : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < x.size() || j < y.size()) {
      if (i < x.size() && j < y.size() && x.get(i).equals(y.get(j))) {
        i++;
        j++;
      } else if (i < x.size() && (j == y.size() || common[i + 1][j] >= common[i][j + 1])) {
        out.add("- " + x.get(i++));
      } else {
        out.add("+ " + y.get(j++));
      }
    }
    return String.join("\n", out);
  }
}
