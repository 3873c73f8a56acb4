package org.llmplan.profile;

import java.util.List;
import org.llmplan.parallel.Sharding;

/**
 * Layouts a framework's engine can run beyond its sharding and recompute modes, where its pipeline or its
 * parallel axes are narrower than the layout rules allow. A field left out (null) allows everything; the
 * catalog entry names the source of each limit.
 *
 * @param pipelineShardings shardings the pipeline engine accepts when PP > 1 (null: all the framework offers)
 * @param interleaved whether the pipeline runs an interleaved schedule (virtual stages)
 * @param pipelineWithTensorParallel whether a pipeline can have a tensor-parallel axis: without it the pipeline's
 *     data-parallel size is GPUs / PP, so TP must be 1 for the batch identity to hold
 * @param contextParallel whether it splits sequences across GPUs (context parallelism)
 */
public record LayoutSupport(List<Sharding> pipelineShardings, Boolean interleaved, Boolean pipelineWithTensorParallel,
    Boolean contextParallel) {

  /** No limit beyond the layout rules. */
  public static final LayoutSupport ANY = new LayoutSupport(null, null, null, null);

  public LayoutSupport {
    pipelineShardings = pipelineShardings == null ? null : List.copyOf(pipelineShardings);
  }

  /** Why {@code framework} cannot run this layout, or null when it can. */
  public String refusal(String framework, int tp, int pp, int cp, int vpp, Sharding sharding) {
    if (cp > 1 && Boolean.FALSE.equals(contextParallel)) {
      return framework + " has no context parallelism; use --cp 1 or --framework megatron";
    }
    if (pp == 1) {
      return null;
    }
    if (pipelineShardings != null && !pipelineShardings.contains(sharding)) {
      return framework + "'s pipeline engine does not run sharding " + sharding.label() + " with --pp " + pp
          + "; it accepts " + pipelineShardings.stream().map(Sharding::label).toList() + " (or use --pp 1)";
    }
    if (vpp > 1 && Boolean.FALSE.equals(interleaved)) {
      return framework + "'s pipeline has no interleaved schedule; use --vpp 1 or --framework megatron";
    }
    if (tp > 1 && Boolean.FALSE.equals(pipelineWithTensorParallel)) {
      return framework + "'s pipeline makes the data-parallel size GPUs / PP, with no tensor-parallel axis; use --tp 1 "
          + "with --pp " + pp + ", or --pp 1";
    }
    return null;
  }
}
