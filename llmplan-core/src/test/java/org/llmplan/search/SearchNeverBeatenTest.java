package org.llmplan.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.llmplan.error.PlanInputException;
import org.llmplan.hardware.Accelerator;
import org.llmplan.model.ModelSpec;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;
import org.llmplan.request.LayoutChoice;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingMemoryEstimator;
import org.llmplan.request.TrainingRequest;
import org.llmplan.train.TrainingTimeEstimator;

/**
 * The search against an independent random enumeration: layouts drawn at random over every dimension and
 * kept when the job's own rules accept them (TrainingRequest.toJob), never through LayoutSpace. No such layout
 * that fits may be faster than the search's best, and every one inside the search's domain must be among the
 * layouts the search enumerates.
 */
class SearchNeverBeatenTest {
  private final TrainingMemoryEstimator memory = new TrainingMemoryEstimator();
  private final TrainingTimeEstimator time = new TrainingTimeEstimator();

  record Problem(String model, String gpu, String framework, int gpus, int seq, int batch) {}

  @Provide
  Arbitrary<Problem> problems() {
    return Arbitraries.of(
        new Problem("gpt3-1.3b", "a100-80gb", "megatron", 8, 2048, 16),
        new Problem("gpt3-2.7b", "a100-40gb", "deepspeed", 8, 1024, 8),
        new Problem("llama-3.2-1b", "h100", "fsdp", 8, 4096, 32),
        new Problem("llama-3.2-3b", "h100", "megatron", 16, 4096, 16),
        new Problem("gpt3-6.7b", "a100-40gb", "deepspeed", 4, 2048, 4),
        new Problem("mixtral-8x7b", "h100", "megatron", 8, 1024, 8),
        new Problem("qwen2.5-0.5b", "l40s", "megatron", 4, 2048, 32),
        new Problem("gpt3-1.3b", "h100", "hf", 8, 2048, 16));
  }

  @Property(tries = 8)
  void noRandomLayoutBeatsTheSearch(@ForAll("problems") Problem problem, @ForAll long seed) {
    SearchSpec spec = SearchRequests.of(problem.model(), problem.gpu()).gpus(problem.gpus())
        .batch(problem.seq(), problem.batch()).framework(problem.framework()).offload("always").top(1).resolve();
    GpuOption option = spec.options().get(0);
    SearchResult result = new TrainingSearch().run(spec, SearchControl.unlimited());
    LayoutSpace space = new LayoutSpace(option.base(), problem.gpus());
    Set<Parallelism> enumerated = new HashSet<>();
    for (LayoutSpace.Shape shape : space.shapes()) {
      space.forEach(shape, false, layout -> {
        enumerated.add(layout);
        return LayoutSpace.Verdict.NEXT;
      });
    }
    double best = result.feasible() ? result.plans().get(0).stepSeconds() : Double.POSITIVE_INFINITY;

    Random random = new Random(seed);
    int legal = 0;
    for (int draw = 0; draw < 6000; draw++) {
      TrainingJob job = randomJob(random, option, problem);
      if (job == null) {
        continue;
      }
      legal++;
      Parallelism p = job.parallelism();
      if (inDomain(job) && p.offloadOptimizer() == OffloadTarget.NONE && p.offloadParameters() == OffloadTarget.NONE) {
        // Sequence parallelism at TP 1 is the same layout without it (Megatron turns it off).
        Parallelism q = p.toBuilder().sequenceParallel(p.effectiveSequenceParallel()).build();
        assertThat(enumerated.contains(q)).as("legal layout %s is enumerated", q).isTrue();
      }
      MemoryEstimate m = memory.worstStage(job);
      boolean hostFits = job.hostMemoryGiB() <= 0 || m.hostBytesPerNode() <= job.hostMemoryGiB() * Accelerator.GIB;
      if (inDomain(job) && m.fits() && hostFits) {
        assertThat(time.estimate(job).stepSeconds()).as("random layout %s", p.label()).isGreaterThanOrEqualTo(best);
      }
    }
    assertThat(legal).as("legal random layouts").isPositive();
  }

  /** A job with every layout dimension drawn at random, or null when the job's rules refuse it. */
  private static TrainingJob randomJob(Random r, GpuOption option, Problem problem) {
    TrainingRequest t = option.request();
    ModelSpec m = option.base().model();
    List<Sharding> shardings = option.base().framework().shardings();
    int tp = 1 << r.nextInt(4);
    int cp = r.nextInt(3) == 0 ? 2 << r.nextInt(2) : 1;
    int pp = r.nextBoolean() ? 1 << r.nextInt(4) : 1 + r.nextInt(Math.min(problem.gpus(), m.layers()));
    int ep = m.isMoe() ? 1 << r.nextInt(4) : 1;
    int vpp = r.nextBoolean() ? 1 : 2 + r.nextInt(3);
    boolean uneven = r.nextInt(4) == 0;
    boolean counted = !uneven && r.nextInt(4) == 0;
    OffloadTarget[] targets = OffloadTarget.values();
    boolean offload = r.nextInt(3) == 0;
    Sharding sharding = shardings.get(r.nextInt(shardings.size()));
    // The template holds the job's batch, precision and framework; only the GPU count and the layout change.
    TrainingRequest request = t.with(t.hardware().toBuilder().gpus(problem.gpus()).build())
        .with(LayoutChoice.builder().tp(tp).pp(pp).cp(cp).ep(ep).vpp(vpp).microBatch(1 + r.nextInt(problem.batch()))
            .sharding(sharding.label())
            .shardGroup(sharding == Sharding.FSDP_HYBRID ? 1 + r.nextInt(problem.gpus()) : null)
            .recompute(Recompute.values()[r.nextInt(3)].label()).sequenceParallel(r.nextBoolean())
            .offloadOptimizer((offload ? targets[r.nextInt(3)] : OffloadTarget.NONE).label())
            .offloadParams((offload ? targets[r.nextInt(3)] : OffloadTarget.NONE).label())
            .firstStageLayers(uneven ? 1 + r.nextInt(m.layers() / 2) : null)
            .lastStageLayers(uneven && r.nextBoolean() ? 1 + r.nextInt(m.layers() / 2) : null)
            .embeddingInSplit(counted && r.nextBoolean()).lossInSplit(counted && r.nextBoolean()).build());
    try {
      return request.toJob(TrainingSearchTest.CATALOG);
    } catch (PlanInputException illegal) {
      return null;
    }
  }

  /**
   * The search's domain on top of the rules: TP within the node's NVLink domain, ends of an uneven pipeline
   * lighter than the stages between, embedding or loss counted in the split only with virtual stages (without
   * them it is an uneven split), hybrid shard groups strictly between 1 and DP.
   */
  private static boolean inDomain(TrainingJob job) {
    Parallelism p = job.parallelism();
    if (p.tp() > LayoutSpace.tensorParallelLimit(job.gpu(), job.gpusPerNode(), job.framework())) {
      return false;
    }
    if (p.sharding() == Sharding.FSDP_HYBRID && (p.shardGroup() <= 1 || p.shardGroup() >= p.dp())) {
      return false;
    }
    if (p.embeddingInSplit() || p.lossInSplit()) {
      return p.interleaved();
    }
    if (!p.unevenSplit()) {
      return true;
    }
    int first = p.firstStageLayers();
    int last = p.lastStageLayers();
    int middle = p.pp() - (first > 0 ? 1 : 0) - (last > 0 ? 1 : 0);
    if (middle == 0) {
      return false;
    }
    int perStage = (job.model().layers() - first - last) / middle;
    return first < perStage && last < perStage;
  }
}
