package org.llmplan.emit.train;

import java.util.ArrayList;
import java.util.List;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.LaunchText;
import org.llmplan.emit.Shell;
import org.llmplan.emit.TrainingProgram;

/**
 * A plain torchrun launcher, run by hand (or by any scheduler) once on every node. It uses the c10d
 * rendezvous (torch/distributed/run.py): every node names the same endpoint and job id, and ranks are
 * assigned as nodes join, so no node rank is needed.
 */
public final class TorchrunTarget implements EmitTarget {
  public static final String FILE = "torchrun/torchrun.sh";
  static final int RENDEZVOUS_PORT = 29500;

  @Override
  public String name() {
    return "torchrun";
  }

  @Override
  public List<String> requires(LaunchPlan plan) {
    return plan.program().configTargets();
  }

  @Override
  public List<BundleFile> files(LaunchPlan plan, List<BundleFile> earlier) {
    TrainingProgram program = plan.program();
    StringBuilder b = new StringBuilder("#!/bin/bash\n");
    b.append(LaunchText.header(plan, "torchrun launcher"));
    b.append("# Run on each of the ").append(plan.nodes()).append(" nodes, with MASTER_ADDR set to the first ")
        .append("node's address:\n#   MASTER_ADDR=node-1 ").append(FILE).append('\n');
    b.append("set -euo pipefail\n\n");
    b.append("BUNDLE_DIR=${BUNDLE_DIR:-$(cd \"$(dirname \"${BASH_SOURCE[0]}\")/..\" && pwd)}\n");
    b.append(": \"${MASTER_ADDR:?set MASTER_ADDR to the address of the first node}\"\n");
    b.append("MASTER_PORT=${MASTER_PORT:-").append(RENDEZVOUS_PORT).append("}\n");
    b.append("JOB_ID=${JOB_ID:-").append(plan.name()).append("}\n");
    b.append("export BUNDLE_DIR MASTER_ADDR MASTER_PORT JOB_ID\n\n");
    b.append(Shell.defaults(program.settings()));
    b.append(Shell.exports(program.environment()));
    b.append(Shell.exports(NcclEnvironment.of(plan))).append('\n');
    b.append("exec ").append(Shell.command(command(plan, program, List.of()), "  ")).append('\n');
    return List.of(BundleFile.script(FILE, "torchrun launcher, run once per node", b.toString())
        .withNote("Launch", "**By hand.** On every node: `MASTER_ADDR=<first node> " + FILE + "`."));
  }

  /** torchrun with the c10d rendezvous on MASTER_ADDR:MASTER_PORT, then the program; extra flags go before it. */
  static List<String> command(LaunchPlan plan, TrainingProgram program, List<String> extra) {
    List<String> w = new ArrayList<>(List.of("torchrun", "--nnodes", Integer.toString(plan.nodes()),
        "--nproc-per-node", Integer.toString(plan.gpusPerNode()), "--rdzv-backend", "c10d",
        "--rdzv-endpoint", "${MASTER_ADDR}:${MASTER_PORT}", "--rdzv-id", "${JOB_ID}"));
    w.addAll(extra);
    w.addAll(program.words());
    return w;
  }
}
