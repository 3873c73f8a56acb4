package org.llmplan.network;

import org.llmplan.error.InvalidValueException;
import org.llmplan.hardware.ScaleOut;
import org.llmplan.train.StepTimes;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingTimeEstimator;

/**
 * The NIC speed below which the step waits on communication for more than a given share of its time. The
 * exposed share only falls as the network gets faster (every communication part grows with the transfer
 * time), so bisection on the line rate finds it.
 *
 * @param maxExposedShare the share of the step that communication may take (0.1 = 10 %)
 * @param gbitsPerNic the threshold, Gb/s per NIC as the job sees it (NaN unless {@link Verdict#FOUND})
 * @param floorShare the exposed share with an unlimited network: what the scale-up traffic alone costs
 */
public record BandwidthThreshold(double maxExposedShare, Verdict verdict, double gbitsPerNic, double floorShare) {

  /** Slowest and fastest NIC speeds searched, Gb/s: far beyond any NIC built on either side. */
  public static final double SLOWEST = 0.1;
  public static final double FASTEST = 1e6;

  public enum Verdict {
    /** {@code gbitsPerNic} is the threshold. */
    FOUND,
    /** Even an unlimited network leaves more exposed: the scale-up traffic alone exceeds the share. */
    NEVER,
    /** Even 0.1 Gb/s keeps the exposed share below the limit. */
    ANY,
    /** The job sends nothing over the network (one node). */
    UNUSED
  }

  public static BandwidthThreshold find(TrainingJob job, double maxExposedShare) {
    InvalidValueException.requireInRange("max exposed share", maxExposedShare, 0.0001, 0.99);
    TrainingTimeEstimator estimator = new TrainingTimeEstimator();
    ScaleOut so = job.scaleOut();
    double floor = exposedShare(estimator, job, so, FASTEST);
    double worst = exposedShare(estimator, job, so, SLOWEST);
    if (worst - floor < 1e-12) {
      return new BandwidthThreshold(maxExposedShare, Verdict.UNUSED, Double.NaN, floor);
    }
    if (floor > maxExposedShare) {
      return new BandwidthThreshold(maxExposedShare, Verdict.NEVER, Double.NaN, floor);
    }
    if (worst <= maxExposedShare) {
      return new BandwidthThreshold(maxExposedShare, Verdict.ANY, Double.NaN, floor);
    }
    double lo = Math.log(SLOWEST);
    double hi = Math.log(FASTEST);
    for (int i = 0; i < 60; i++) {
      double mid = (lo + hi) / 2;
      if (exposedShare(estimator, job, so, Math.exp(mid)) > maxExposedShare) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return new BandwidthThreshold(maxExposedShare, Verdict.FOUND, Math.exp(hi), floor);
  }

  /** Share of the step spent in exposed communication with NICs of {@code gbits} Gb/s. */
  static double exposedShare(TrainingTimeEstimator estimator, TrainingJob job, ScaleOut so, double gbits) {
    TrainingJob at = NetworkChange.withScaleOut(job,
        new ScaleOut(so.fabric(), so.nicsPerNode(), gbits, so.achievableFraction()));
    StepTimes st = estimator.stepTimes(at);
    return (st.tp() + st.cp() + st.ep() + st.pp() + st.dp()) / st.total();
  }
}
