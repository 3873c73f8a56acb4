package org.llmplan.cli;

import org.llmplan.emit.LaunchSettings;
import picocli.CommandLine.Option;

/** Names a launch bundle takes from the cluster rather than the plan. */
public final class BundleOptions {
  @Option(names = "--name", paramLabel = "NAME", description = "Job name in every file (default: train-MODEL).")
  String name;

  @Option(names = "--image", paramLabel = "IMAGE", description = "Container image the launchers run (default: a "
      + "local tag of the bundle's Dockerfile).")
  String image;

  @Option(names = "--queue", paramLabel = "QUEUE", description = "Kueue LocalQueue of the Kubernetes jobs "
      + "(default: default).")
  String queue;

  @Option(names = "--framework-ref", paramLabel = "COMMIT", description = "Framework commit to write the files "
      + "for, among those llmplan checked (default: the newest; torchtitan 238fa99 for the TOML configs).")
  String frameworkRef;

  public LaunchSettings settings() {
    return new LaunchSettings(name, image, queue, frameworkRef);
  }
}
