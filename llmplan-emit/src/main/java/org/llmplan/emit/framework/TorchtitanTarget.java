package org.llmplan.emit.framework;

import java.util.List;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.Formats;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.LaunchText;

/** torchtitan's TOML job config (FSDP2, TP, PP, CP, EP degrees, batch, activation checkpointing, compile). */
public final class TorchtitanTarget implements EmitTarget {
  public static final String FILE = "torchtitan/train.toml";
  static final String NAME = "torchtitan";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<BundleFile> files(LaunchPlan plan, List<BundleFile> earlier) {
    String header = LaunchText.header(plan, "torchtitan job config")
        + "# TOML config as read by torchtitan before commit 9810191 (2026-02-23), which the container pins.\n";
    return List.of(BundleFile.text(FILE, "torchtitan job config", header + Formats.toml(TorchtitanConfig.of(plan.job()))));
  }
}
