/**
 * Calibration: the probe script users run on their own GPUs ({@link org.llmplan.calibrate.ProbeScript}), reading
 * its JSON ({@link org.llmplan.calibrate.ProbeResult}), turning the measurements into the kernel ceilings of a
 * catalog GPU entry and the achievable share of a fabric ({@link org.llmplan.calibrate.Calibration}), the YAML
 * overlay that carries them into every estimator through {@code --catalog} ({@link org.llmplan.calibrate.Overlay}),
 * and how far they move reference plans ({@link org.llmplan.calibrate.ReferencePlans}).
 *
 * <p>May depend on error, hardware, catalog, parallel, profile, request, train and infer (for the reference plans),
 * and Jackson.
 * Nothing in the engine depends on it: calibrated numbers reach the estimators only as catalog entries.
 */
package org.llmplan.calibrate;
