package org.llmplan.emit.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Slurm facts of slurm.json: the sbatch options every one of the four tags accepts (sbatch_options, in_all_tags),
 * and that srun 22.05/23.02 exits 1 on an exported but empty SRUN_CPUS_PER_TASK (behaviour, parse_int rows).
 */
public final class SlurmManifest {
  private static final Manifest MANIFEST = Manifest.load("slurm.json");
  private static final Set<String> OPTIONS = MANIFEST.rows("sbatch_options").stream()
      .filter(r -> "yes".equals(r.path("in_all_tags").asText())).map(r -> r.path("name").asText())
      .collect(Collectors.toSet());
  private static final Pattern DIRECTIVE = Pattern.compile("^#SBATCH --([a-z-]+)", Pattern.MULTILINE);

  private SlurmManifest() {}

  public static Manifest manifest() {
    return MANIFEST;
  }

  /** #SBATCH options that one of the tags lacks. */
  public static List<String> directiveProblems(String script) {
    List<String> p = new ArrayList<>();
    Matcher m = DIRECTIVE.matcher(script);
    while (m.find()) {
      if (!OPTIONS.contains(m.group(1))) {
        p.add("#SBATCH --" + m.group(1) + ": not an sbatch option on all of 22.05-24.05");
      }
    }
    return p;
  }

  /** The lines of a script that set SRUN_CPUS_PER_TASK, to be run in bash under both environments. */
  public static String srunCpusLines(String script) {
    return script.lines().filter(l -> l.contains("SRUN_CPUS_PER_TASK")).collect(Collectors.joining("\n"));
  }

  /** The parse_int rows: what srun does with a value of SRUN_CPUS_PER_TASK on a tag ("1" = it exits). */
  public static String exitCode(String tag, String input) {
    return MANIFEST.rows("parse_int_verification").stream()
        .filter(r -> r.path("tag").asText().equals(tag) && r.path("input").asText().equals(input))
        .map(r -> r.path("exit_code").asText()).findFirst().orElseThrow();
  }
}
