package org.llmplan.calibrate;

/**
 * One field of a calibrated catalog entry: the catalog's value, the value the overlay holds, and the
 * measurement it came from.
 *
 * @param field the catalog field, as the YAML names it (efficiency.gemm, efficiency.attention.fa2.forward, ...)
 * @param measurement what the probe measured and how the value follows from it; null when the probe did not
 *     measure it and the catalog's value is kept ({@code reason} says why)
 */
public record CalibratedValue(String field, double catalog, double calibrated, String measurement, String reason) {
  static CalibratedValue measured(String field, double catalog, double calibrated, String measurement) {
    return new CalibratedValue(field, catalog, calibrated, measurement, null);
  }

  static CalibratedValue kept(String field, double catalog, String reason) {
    return new CalibratedValue(field, catalog, catalog, null, reason);
  }

  public boolean fromProbe() {
    return measurement != null;
  }
}
