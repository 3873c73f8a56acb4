package org.llmplan.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest (absent when run from classes). */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"llmplan " + (version == null ? "development build" : version)};
  }
}
