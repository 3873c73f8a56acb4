package org.llmplan.emit;

import java.util.regex.Pattern;
import org.llmplan.error.InvalidValueException;

/**
 * What a bundle needs besides the plan: names a cluster gives it. Null fields take the defaults that
 * {@link LaunchPlan} derives from the plan.
 *
 * @param name job name (Slurm job, Kubernetes object, Prometheus job label); a DNS-1123 label
 * @param image container image the launchers run (default: a local tag of the bundle's Dockerfile)
 * @param queue Kueue LocalQueue the Kubernetes jobs are submitted to
 * @param frameworkRef the framework commit to write the files for (default: the newest its plug-in knows)
 */
public record LaunchSettings(String name, String image, String queue, String frameworkRef) {
  /**
   * Kubernetes object names are DNS-1123 labels (63 characters); a JobSet's pod names add the replicated
   * job name, two indexes and a random suffix, so the job name is kept to 40.
   */
  private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,38}[a-z0-9])?");
  /** An image reference: registry/path:tag or @digest, without spaces or quotes. */
  private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/:@-]*");

  public static final LaunchSettings DEFAULTS = new LaunchSettings(null, null, null, null);

  public LaunchSettings {
    if (name != null && !NAME.matcher(name).matches()) {
      throw new InvalidValueException("--name '" + name + "' must be a DNS-1123 label of at most 40 characters: "
          + "lowercase letters, digits and '-', starting with a letter");
    }
    if (image != null && !IMAGE.matcher(image).matches()) {
      throw new InvalidValueException("--image '" + image + "' is not an image reference such as "
          + "registry.example.com/team/train:v1");
    }
    if (queue != null && !NAME.matcher(queue).matches()) {
      throw new InvalidValueException("--queue '" + queue + "' must be a Kueue LocalQueue name (a DNS-1123 label)");
    }
  }

  public LaunchSettings(String name, String image, String queue) {
    this(name, image, queue, null);
  }

  /** A name derived from free text (a model name) that satisfies the same rule. */
  static String nameFrom(String prefix, String text) {
    String cleaned = (prefix + "-" + text).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    cleaned = cleaned.length() > 40 ? cleaned.substring(0, 40) : cleaned;
    return cleaned.replaceAll("-+$", "");
  }
}
