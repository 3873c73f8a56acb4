/**
 * Reading a Hugging Face {@code config.json} into a {@link org.llmplan.model.ModelSpec}: {@link
 * org.llmplan.catalog.hf.ConfigJson} parses the file and offers typed look-ups whose errors name the file and
 * the key; {@link org.llmplan.catalog.hf.ModelTypes} maps each {@code model_type} to the reader of its
 * architecture family (Llama-like rows that differ only in traits, DeepSeek's MLA and MoE, and the LayerNorm
 * families GPT-2, GPT-NeoX, OPT, BLOOM and Falcon), which fills a {@link org.llmplan.catalog.hf.ModelDraft}.
 * The aim is a parameter count equal to the checkpoint's; keys the count does not need are ignored.
 *
 * <p>Dependencies: {@code model}, {@code error} and Jackson; the {@code catalog} package above uses it.
 */
package org.llmplan.catalog.hf;
