package org.llmplan.network;

import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidValueException;
import org.llmplan.hardware.Fabric;
import org.llmplan.hardware.ScaleOut;
import org.llmplan.train.TrainingJob;

/**
 * A what-if on the scale-out network: another fabric, another NIC count per node, or an oversubscribed
 * fat-tree. Each field left null keeps the job's own.
 *
 * <p>Oversubscription: a tier with ratio r carries 1/r of the bandwidth its hosts can inject. Data-parallel
 * and pipeline traffic leave every node at once, so the whole job sees each NIC at 1/r of line rate; this is
 * the worst case, exact for a job spread over many leaf switches and pessimistic for one that fits under
 * one leaf (whose traffic never climbs the oversubscribed tier).
 *
 * @param fabric a catalog fabric name
 * @param nicsPerNode scale-out NICs per node
 * @param oversubscription fat-tree oversubscription ratio, 1 = non-blocking
 */
public record NetworkChange(String fabric, Integer nicsPerNode, Double oversubscription) {
  public static final NetworkChange NONE = new NetworkChange(null, null, null);

  public NetworkChange {
    if (nicsPerNode != null) {
      InvalidValueException.requireInRange("NICs per node", nicsPerNode, 1, 1024);
    }
    if (oversubscription != null) {
      InvalidValueException.requireInRange("oversubscription", oversubscription, 1, 1000);
    }
  }

  public boolean isNone() {
    return fabric == null && nicsPerNode == null && (oversubscription == null || oversubscription == 1);
  }

  /** The same job on the changed network. */
  public TrainingJob apply(TrainingJob job, Catalog catalog) {
    if (isNone()) {
      return job;
    }
    ScaleOut current = job.scaleOut();
    String name = current.fabric();
    double gbits = current.gbitsPerNic();
    double fraction = current.achievableFraction();
    if (fabric != null) {
      Fabric f = catalog.fabric(fabric);
      name = f.name();
      gbits = f.gbitsPerPort();
      fraction = f.achievableFraction();
    }
    double ratio = oversubscription == null ? 1 : oversubscription;
    if (ratio > 1) {
      name += String.format(java.util.Locale.ROOT, " (%s:1 oversubscribed)", trim(ratio));
    }
    int nics = nicsPerNode != null ? nicsPerNode : current.nicsPerNode();
    return withScaleOut(job, new ScaleOut(name, nics, gbits / ratio, fraction));
  }

  /** The job with another scale-out network; nothing else changes. */
  public static TrainingJob withScaleOut(TrainingJob job, ScaleOut scaleOut) {
    return new TrainingJob(job.model(), job.gpu(), job.gpus(), job.gpusPerNode(), job.parallelism(), job.seq(),
        job.globalBatch(), job.precision(), job.policy(), job.optimizer(), job.framework(), job.attention(),
        job.hostMemoryGiB(), scaleOut, job.recipe(), job.lora());
  }

  /** What the change says, for a heading: "ib-ndr -> roce-100g, 4 NICs per node". */
  public String describe() {
    StringBuilder b = new StringBuilder();
    if (fabric != null) {
      b.append("fabric ").append(fabric);
    }
    if (nicsPerNode != null) {
      b.append(b.length() > 0 ? ", " : "").append(nicsPerNode).append(" NICs per node");
    }
    if (oversubscription != null && oversubscription > 1) {
      b.append(b.length() > 0 ? ", " : "").append(trim(oversubscription)).append(":1 oversubscribed");
    }
    return b.toString();
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
