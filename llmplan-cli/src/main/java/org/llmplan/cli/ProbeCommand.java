package org.llmplan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.llmplan.calibrate.ProbeScript;
import org.llmplan.error.InvalidValueException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `llmplan probe`: writes the PyTorch probe script that `llmplan calibrate` reads the output of (docs/calibrate.md). */
@Command(name = "probe", description = "Writes the PyTorch script that measures your GPUs (GEMM, attention, HBM, "
    + "host copies, sustained clock, NCCL collectives) for llmplan calibrate.", mixinStandardHelpOptions = true)
final class ProbeCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the script here (default: standard output).")
  Path out;

  @Override
  public void run() {
    PrintWriter stdout = spec.commandLine().getOut();
    if (out == null) {
      stdout.print(ProbeScript.text());
      return;
    }
    try {
      Files.writeString(out, ProbeScript.text());
    } catch (IOException e) {
      throw new InvalidValueException("cannot write the probe to " + out + " (" + e.getMessage() + "): choose a "
          + "path in a folder that exists and can be written");
    }
    stdout.println("Wrote " + out + ". Run it on the machine to calibrate:");
    stdout.println("  python3 " + out + " --out probe.json                          # one GPU");
    stdout.println("  torchrun --nproc-per-node 8 " + out + " --out probe.json      # and NCCL collectives");
    stdout.println("  python3 " + out + " --cpu --ranks 2                           # checks the script on a CPU");
    stdout.println("then: llmplan calibrate --from probe.json --name my-gpu --out calibrated/my-gpu.yaml");
  }
}
