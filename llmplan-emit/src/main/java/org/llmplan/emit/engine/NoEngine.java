package org.llmplan.emit.engine;

import org.llmplan.emit.EngineCommand;
import org.llmplan.emit.Plugins;
import org.llmplan.emit.ReplicaGroup;
import org.llmplan.emit.ServingEngine;
import org.llmplan.emit.ServingLaunch;

/** Engines llmplan plans for but cannot launch (SGLang, transformers generate()): a serving plan is refused. */
public final class NoEngine implements ServingEngine {
  @Override
  public String name() {
    return Plugins.NONE;
  }

  @Override
  public String title() {
    return "an engine without launch files";
  }

  @Override
  public boolean launches() {
    return false;
  }

  @Override
  public String image() {
    throw new IllegalStateException("ServingLaunch refuses engines that do not launch");
  }

  @Override
  public ReplicaGroup group(ServingLaunch plan, EngineCommand server) {
    throw new IllegalStateException("ServingLaunch refuses engines that do not launch");
  }

  @Override
  public EngineCommand command(ServingLaunch plan, String model, String optionsFile) {
    throw new IllegalStateException("ServingLaunch refuses engines that do not launch");
  }
}
