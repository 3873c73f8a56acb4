package org.llmplan.emit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a batch script with bash as sbatch would on its first node, with srun, scontrol and sleep replaced by
 * stand-ins: scontrol lists node-1..node-N (N from the script's #SBATCH --nodes), srun records its arguments, one
 * line per step, and sleep returns at once. What the script would start is then the recorded steps.
 */
final class FakeSlurm {
  private static final Pattern NODES = Pattern.compile("(?m)^#SBATCH --nodes=(\\d+)$");

  private FakeSlurm() {}

  /** The srun steps the script starts, each as its argument line. */
  static List<String> steps(Path bundle, String script, Path scratch) {
    try {
      String text = Files.readString(bundle.resolve(script));
      Matcher m = NODES.matcher(text);
      assertThat(m.find()).as("%s names its node count", script).isTrue();
      Path bin = Files.createDirectories(scratch.resolve("bin"));
      Path log = scratch.resolve("srun.log");
      tool(bin, "scontrol", "for i in $(seq 1 " + m.group(1) + "); do echo \"node-$i\"; done");
      tool(bin, "srun", "echo \"$*\" >> " + log);
      tool(bin, "sleep", "exit 0");
      // Every stand-in server ends at once, so `wait -n` would let the script exit while other steps are still
      // starting: waiting for them all makes the log complete.
      Path waitAll = scratch.resolve("wait-all.sh");
      Files.writeString(waitAll, "wait() { builtin wait; }\n");
      ProcessBuilder pb = new ProcessBuilder("bash", script).directory(bundle.toFile()).redirectErrorStream(true);
      Map<String, String> env = pb.environment();
      env.put("PATH", bin + ":" + env.get("PATH"));
      env.put("SLURM_JOB_NODELIST", "node-[1-" + m.group(1) + "]");
      env.put("SLURM_SUBMIT_DIR", bundle.toString());
      env.put("BASH_ENV", waitAll.toString());
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("%s under the stand-ins: %s", script, out).isZero();
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void tool(Path bin, String name, String body) throws IOException {
    Path f = bin.resolve(name);
    Files.writeString(f, "#!/bin/bash\n" + body + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
