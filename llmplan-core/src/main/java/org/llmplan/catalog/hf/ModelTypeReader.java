package org.llmplan.catalog.hf;

/** Reads the keys of one architecture family's config.json into a draft model. */
@FunctionalInterface
interface ModelTypeReader {
  /** @param modelType the file's model_type, for families that read several */
  ModelDraft read(ConfigJson config, String modelType);
}
