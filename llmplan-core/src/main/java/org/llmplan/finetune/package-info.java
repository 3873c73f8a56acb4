/**
 * Fine-tuning with adapters: what LoRA and QLoRA (Hu et al. 2021, arXiv 2106.09685; Dettmers et al. 2023,
 * arXiv 2305.14314) add to a model and what they leave frozen, as sizes and shapes. The training estimators
 * read a job's {@link org.llmplan.finetune.LoraSpec} through small hooks (org.llmplan.train.FrozenBase); this
 * package knows nothing of the estimators.
 *
 * <p>May depend on model and error only.
 */
package org.llmplan.finetune;
