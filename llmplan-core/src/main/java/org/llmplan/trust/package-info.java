/**
 * How far to trust an estimate: where it lies ({@link org.llmplan.trust.Territory}: framework or engine, the
 * accelerator's compute and memory rates, dense or MoE, number format, regimes such as long context or a deep
 * pipeline), and the interval the validation residuals of the nearest validated family give it, widened by its
 * distance from that family ({@link org.llmplan.trust.ErrorBands}). Depends on the domain records (hardware,
 * model, parallel, profile) and the estimator inputs (train, infer); never on the catalog, requests or faces.
 */
package org.llmplan.trust;
