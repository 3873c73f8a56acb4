package org.llmplan.catalog;

import java.nio.file.Path;
import org.llmplan.error.MalformedInputException;
import org.llmplan.model.ModelSpec;

/** Reads a Hugging Face config.json into a model. */
public final class HuggingFaceConfig {
  private HuggingFaceConfig() {}

  public static ModelSpec read(Path path) {
    throw new MalformedInputException("reading " + path + " is not implemented yet");
  }
}
