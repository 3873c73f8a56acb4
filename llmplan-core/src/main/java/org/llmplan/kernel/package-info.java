/**
 * Kernel times on one accelerator: the one model that training step times and serving iterations share, so
 * that calibrating an accelerator's catalog entry moves both. A GEMM is padded to whole output tiles that run
 * in waves of one tile per SM, and takes the fourth-power mean of its compute and HBM times; flash attention
 * runs at the entry's measured share of the 16-bit peak; element-wise kernels stream through HBM. Every rate
 * comes from the accelerator's catalog entry ({@link org.llmplan.hardware.Accelerator#efficiency()}), resolved
 * once per job or deployment into primitive fields, so evaluation allocates nothing.
 *
 * <p>Depends on {@code hardware} only; the estimators ({@code train}, {@code infer}) depend on it.
 */
package org.llmplan.kernel;
