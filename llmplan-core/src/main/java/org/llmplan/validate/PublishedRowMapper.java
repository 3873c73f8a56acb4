package org.llmplan.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.PlanInputException;
import org.llmplan.error.UnknownNameException;
import org.llmplan.model.LinearBias;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.NormKind;
import org.llmplan.model.Positional;
import org.llmplan.request.AdapterChoice;
import org.llmplan.request.BatchShape;
import org.llmplan.request.FrameworkOptions;
import org.llmplan.request.HardwareChoice;
import org.llmplan.request.LayoutChoice;
import org.llmplan.request.PrecisionRecipe;
import org.llmplan.request.TrainingRequest;

/**
 * Turns a published row into the planner question it answers ({@link ValidationCase}), or says why it cannot
 * ({@link SkippedRow}). Every default or substitution is written into the case's assumptions, as
 * validation/README.md asks ("the validation report should say which defaults it used").
 */
public final class PublishedRowMapper {
  /**
   * NeMo's LoRA defaults where a LoRA row states no adapter: rank (adapter_dim) 32, alpha 32, on the fused QKV
   * projection only (NeMo 1.x examples/nlp/language_modeling/tuning/conf/megatron_gpt_finetuning_config.yaml,
   * peft.lora_tuning: target_modules [attention_qkv], adapter_dim 32, alpha = adapter_dim; recalled from the
   * NeMo repository, not checked against the 24.07 container).
   */
  static final AdapterChoice NEMO_LORA = new AdapterChoice(32, 32.0, "qkv", "bf16", null, null);

  private final Catalog catalog;

  public PublishedRowMapper(Catalog catalog) {
    this.catalog = catalog;
  }

  public MappedRow map(PublishedTrainingRow row) {
    try {
      return mapOrThrow(row);
    } catch (Unmappable | PlanInputException e) {
      // a model built from the row's dimensions can break ModelSpec's own rules
      return new SkippedRow(row.id(), e.getMessage());
    }
  }

  private ValidationCase mapOrThrow(PublishedTrainingRow r) {
    List<String> assumptions = new ArrayList<>();
    if (r.model() == null) {
      throw new Unmappable("no model stated");
    }
    SourceFramework framework = SourceFramework.of(r.framework())
        .orElseThrow(() -> new Unmappable("framework '" + r.framework() + "' is not mapped to a profile"));
    Integer gpus = require(r.numGpus(), "GPU count not stated");
    int seq = require(r.seqLen(), "sequence length not stated");
    if (seq < 1) {
      throw new Unmappable("sequence length " + seq + " is not positive");
    }
    int globalBatch = globalBatch(r);
    Metric metric = Metric.preferred(r).orElseThrow(() -> new Unmappable("no throughput or FLOP rate stated"));
    if (metric.needsConvention() && framework.convention == null) {
      throw new Unmappable(metric.column() + " is the only measurement and the source's FLOP count is not "
          + "modelled");
    }
    double measured = metric.measured(r);
    if (!(measured > 0)) {
      throw new Unmappable(metric.column() + " " + measured + " is not a positive number");
    }

    ModelChoice model = model(r, framework, seq, assumptions);
    RowHardware hardware = RowHardware.of(catalog, r, assumptions);

    LayoutChoice layout = countedSplit(layout(r, framework, gpus, assumptions), model, assumptions);
    String precision = RowPrecision.of(r.precision(), assumptions);
    if (r.model().contains("SFT")) {
      assumptions.add("SFT fine-tuning modelled as pretraining (all weights train; sequences packed to seq_len)");
    }

    TrainingRequest request = TrainingRequest.of(model.requestName)
        .with(HardwareChoice.builder().gpu(hardware.gpu()).node(hardware.node()).gpus(gpus).build())
        .with(layout)
        .with(BatchShape.builder().globalBatch(globalBatch).seq(seq).build())
        .with(PrecisionRecipe.builder().precision(precision).build())
        .with(FrameworkOptions.builder().framework(framework.profile)
            .overlapGradReduce(overlapGradReduce(r.zeroFsdp(), assumptions)).build())
        .with(adapters(r, assumptions));
    FlopConvention convention = metric.needsConvention() ? framework.convention : null;
    ModelSpec ran = model.rowModel != null ? model.rowModel : catalog.model(model.requestName);
    // A LoRA fine-tune is its own family: a frozen base runs a different step from pre-training.
    String family = framework.family + (r.model().contains("LoRA") ? " LoRA" : ran.isMoe() ? " MoE" : " dense");
    return new ValidationCase(r.id(), request, model.rowModel, metric, measured, convention, assumptions,
        r.peakMemoryGib(), r.stateMemoryGib(), family);
  }

  /** A LoRA row's adapters (the row states none: NeMo's defaults), or none for every other row. */
  private static AdapterChoice adapters(PublishedTrainingRow r, List<String> assumptions) {
    if (!r.model().contains("LoRA")) {
      return AdapterChoice.UNSET;
    }
    assumptions.add("LoRA adapters not stated: NeMo's defaults, rank 32, alpha 32, on the fused QKV projection; "
        + "bf16 frozen base; sequences packed to seq_len");
    return NEMO_LORA;
  }

  /** The layout the row states, with what it leaves out assumed (and said so) as the source ran it. */
  private static LayoutChoice layout(PublishedTrainingRow r, SourceFramework framework, int gpus,
      List<String> assumptions) {
    if (r.tp() == null || r.pp() == null) {
      if (framework != SourceFramework.LLM_FOUNDRY) {
        throw new Unmappable("TP/PP not stated in the source");
      }
      assumptions.add("TP/PP not stated: 1 (FSDP)");
    }
    int tp = Objects.requireNonNullElse(r.tp(), 1);
    int pp = Objects.requireNonNullElse(r.pp(), 1);
    int cp = Objects.requireNonNullElse(r.cp(), 1);
    if (tp < 1 || pp < 1 || cp < 1) {
      throw new Unmappable("TP, PP and CP must be positive, got " + tp + ", " + pp + ", " + cp);
    }
    Integer dp = r.dp();
    if (dp == null) {
      if (gpus % ((long) tp * pp * cp) != 0) {
        throw new Unmappable("DP not stated and GPUs " + gpus + " are not a multiple of TP x PP x CP");
      }
      dp = (int) (gpus / ((long) tp * pp * cp));
      assumptions.add("DP not stated: GPUs / (TP x PP x CP) = " + dp);
    }
    Integer microBatch = r.microBatch();
    if (microBatch == null) {
      microBatch = 1;
      assumptions.add("micro-batch not stated: 1");
    }
    String sharding = sharding(r.zeroFsdp(), framework, assumptions);
    String recompute = recompute(r.recompute(), framework, assumptions);
    boolean sequenceParallel = framework.sequenceParallel && tp > 1;
    return LayoutChoice.builder().tp(tp).pp(pp).dp(dp).cp(cp).ep(Objects.requireNonNullElse(r.ep(), 1))
        .vpp(Objects.requireNonNullElse(r.vp(), 1)).microBatch(microBatch).sharding(sharding).recompute(recompute)
        .sequenceParallel(sequenceParallel).build();
  }

  /**
   * A layer count that PP x VP does not divide but that with the embedding and loss counted does (126 and 94
   * layers on PP 8 x VP 8 or 4): the only even split Megatron then accepts, which its
   * --account-for-embedding/loss-in-pipeline-split flags select; the row states only PP and VP.
   */
  private LayoutChoice countedSplit(LayoutChoice l, ModelChoice model, List<String> assumptions) {
    ModelSpec ran = model.rowModel != null ? model.rowModel : catalog.model(model.requestName);
    int layers = ran.layers();
    int stages = l.pp() * l.vpp();
    if (layers % stages != 0 && l.vpp() == 1) {
      return balancedEnds(l, ran, assumptions);
    }
    if (l.vpp() < 2 || layers % stages == 0 || (layers + 2) % stages != 0) {
      return l;
    }
    assumptions.add(layers + " layers on PP " + l.pp() + " x VP " + l.vpp() + ": embedding and loss counted in "
        + "the pipeline split");
    return l.toBuilder().embeddingInSplit(true).lossInSplit(true).build();
  }

  /**
   * A layer count PP does not divide without virtual stages (DeepSeek-V3's 61 on PP 16): Megatron's
   * --decoder-first/last-pipeline-num-layers, chosen as its published layouts balance them, the embedding, the
   * loss and each MTP module weighing one layer (61 + 1 + 1 + 1 = 64 = 16 x 4: 3 layers and the embedding
   * first, 2 layers, MTP and loss last). Left as it is (and refused later) where that does not come out whole.
   */
  private static LayoutChoice balancedEnds(LayoutChoice l, ModelSpec m, List<String> assumptions) {
    int mtp = m.isMoe() ? m.moe().mtpLayers() : 0;
    int slots = m.layers() + 2 + mtp;
    if (l.pp() < 3 || slots % l.pp() != 0) {
      return l;
    }
    int perStage = slots / l.pp();
    int first = perStage - 1;
    int last = perStage - 1 - mtp;
    if (first < 1 || last < 1) {
      return l;
    }
    assumptions.add(m.layers() + " layers on PP " + l.pp() + ": first stage " + first + " layers and the "
        + "embedding, last stage " + last + " layers" + (mtp > 0 ? ", the MTP module" : "") + " and the loss, "
        + perStage + " on each stage between (split not stated)");
    return l.toBuilder().firstStageLayers(first).lastStageLayers(last).build();
  }

  private static int globalBatch(PublishedTrainingRow r) {
    if (r.globalBatchSeqs() != null) {
      return r.globalBatchSeqs();
    }
    Long tokens = r.globalBatchTokens();
    if (tokens == null || tokens % r.seqLen() != 0 || tokens / r.seqLen() > Integer.MAX_VALUE) {
      throw new Unmappable("global batch not stated in sequences or in whole sequences of tokens");
    }
    return (int) (tokens / r.seqLen());
  }

  /** The catalog name to ask for, and the model built from the row where that entry is not what ran. */
  private record ModelChoice(String requestName, ModelSpec rowModel) {}

  private ModelChoice model(PublishedTrainingRow r, SourceFramework framework, int seq, List<String> assumptions) {
    ModelSpec base = catalogModel(r.model());
    List<String> disagreements = base == null ? List.of() : disagreements(base, r);
    ModelSpec built;
    if (base != null && framework == SourceFramework.LLM_FOUNDRY && "mpt".equals(base.family())) {
      built = foundryBenchmarkVariant(base, r, seq);
      assumptions.add("llm-foundry benchmark build of " + base.name() + ": learned positions of seq_len rows, "
          + "biases, vocab " + built.vocab() + " (catalog notes)");
    } else if (!disagreements.isEmpty()) {
      built = withRowDimensions(base.name() + "-as-published", base, r, base.norm(), base.positional(),
          Math.max(base.positionRows(), base.positional() == Positional.LEARNED ? seq : 0), base.linearBias());
      assumptions.add("row dimensions differ from " + base.name() + " (" + String.join(", ", disagreements)
          + "): the row's are used");
    } else if (base != null) {
      built = null;
    } else if (r.layers() != null && r.hidden() != null && r.heads() != null && r.vocab() != null) {
      built = gptFromRow(r, seq);
      assumptions.add("model not in the catalog: GPT-style from the row's dimensions (LayerNorm, learned "
          + "positions, biases, tied embeddings, dropout)");
    } else {
      throw new Unmappable("model '" + r.model() + "' is not in the catalog and the row gives no dimensions");
    }
    ModelSpec ran = built != null ? built : base;
    if (r.model().contains("MTP") && ran.isMoe()) {
      built = ran.withMtpLayers(1);
      ran = built;
      assumptions.add("one multi-token-prediction module (DeepSeek-V3's), as the model name says");
    }
    Long published = exactCount(r.params());
    if (published != null && published != ran.parameters().total()) {
      assumptions.add(ran.name() + " counts " + ran.parameters().total() + " parameters; the row says " + published);
    }
    return new ModelChoice(base != null ? base.name() : r.model(), built);
  }

  /** The catalog entry by the row's text, or by the text without a trailing "(...)" such as "(SFT fine-tuning)". */
  private ModelSpec catalogModel(String text) {
    String bare = text.replaceAll("\\s*\\([^()]*\\)\\s*$", "");
    for (String name : List.of(text, bare)) {
      if (catalog.hasModel(name)) {
        return catalog.model(name);
      }
    }
    return null;
  }

  private static List<String> disagreements(ModelSpec m, PublishedTrainingRow r) {
    List<String> out = new ArrayList<>();
    compare(out, "layers", r.layers(), m.layers());
    compare(out, "hidden", r.hidden(), m.hidden());
    compare(out, "heads", r.heads(), m.heads());
    compare(out, "kv_heads", r.kvHeads(), m.kvHeads());
    compare(out, "ffn", r.ffn(), m.ffn());
    compare(out, "vocab", r.vocab(), m.vocab());
    return out;
  }

  private static void compare(List<String> out, String column, Integer row, int catalogValue) {
    if (row != null && row != catalogValue) {
      out.add(column + " " + row + " vs " + catalogValue);
    }
  }

  /**
   * The llm-foundry benchmark table ran the MPT recipe yamls with foundry's defaults, not the released MPT
   * architecture: a learned position table of seq_len rows, biases on every linear, LayerNorm with bias, and
   * the recipe's vocabulary (models.yaml, MPT section and each mpt-* entry's notes). Its params column is
   * reproduced exactly by this build.
   */
  private static ModelSpec foundryBenchmarkVariant(ModelSpec base, PublishedTrainingRow r, int seq) {
    return withRowDimensions(base.name() + "-foundry-seq" + seq, base, r, NormKind.LAYER, Positional.LEARNED, seq,
        LinearBias.ALL);
  }

  /** The base entry's architecture with the row's dimensions where it states them. */
  private static ModelSpec withRowDimensions(String name, ModelSpec base, PublishedTrainingRow r, NormKind norm,
      Positional positional, int positionRows, LinearBias bias) {
    int hidden = Objects.requireNonNullElse(r.hidden(), base.hidden());
    int heads = Objects.requireNonNullElse(r.heads(), base.heads());
    boolean sameShape = hidden == base.hidden() && heads == base.heads();
    int kvHeads = r.kvHeads() != null ? r.kvHeads() : base.kvHeads() == base.heads() ? heads : base.kvHeads();
    int ffn = r.ffn() != null ? r.ffn() : hidden == base.hidden() ? base.ffn() : 4 * hidden;
    return new ModelSpec(name, List.of(), base.family(), Objects.requireNonNullElse(r.layers(), base.layers()),
        hidden, heads, kvHeads, sameShape ? base.headDim() : 0, ffn, base.gatedMlp(),
        Objects.requireNonNullElse(r.vocab(), base.vocab()), base.tiedEmbeddings(),
        Math.max(base.maxPosition(), positionRows), norm, base.normsPerLayer(), positional, positionRows, bias,
        base.qkNorm(), base.embeddingNorm(), base.dropout(), base.moe(), base.mla(), null,
        "built from validation row " + r.id() + " on " + base.name(), null);
  }

  /**
   * A model the catalog does not know, from the row's dimensions with the GPT conventions of the catalog's
   * GPT-3 and Megatron GPT entries: LayerNorm with bias, a learned position table (seq_len rows), biases on
   * every linear, tied embeddings, GELU MLP of 4h unless the row says, dropout.
   */
  private static ModelSpec gptFromRow(PublishedTrainingRow r, int seq) {
    int ffn = Objects.requireNonNullElse(r.ffn(), 4 * r.hidden());
    return new ModelSpec(r.model(), List.of(), "gpt", r.layers(), r.hidden(), r.heads(),
        Objects.requireNonNullElse(r.kvHeads(), 0), 0, ffn, false, r.vocab(), true, seq, NormKind.LAYER, 0,
        Positional.LEARNED, seq, LinearBias.ALL, false, false, true, null, null, null,
        "built from validation row " + r.id(), null);
  }

  /** The params column as an exact count ("64862437376"), or null for a rounded size ("1.7B"). */
  private static Long exactCount(String params) {
    return params != null && params.matches("\\d{1,18}") ? Long.valueOf(params) : null;
  }

  /**
   * Megatron-LM's 2021 "local" DDP all-reduced gradients after the backward pass; its torch DDP, like
   * everything else here, overlaps them with it.
   */
  private static Boolean overlapGradReduce(String zeroFsdp, List<String> assumptions) {
    if (zeroFsdp != null && zeroFsdp.contains("DDP-impl=local")) {
      assumptions.add("gradient all-reduce after backward (Megatron local DDP)");
      return false;
    }
    return null;
  }

  private static String sharding(String text, SourceFramework framework, List<String> assumptions) {
    if (text == null) {
      assumptions.add("sharding not stated: " + framework.defaultSharding);
      return framework.defaultSharding;
    }
    String t = text.toUpperCase(Locale.ROOT);
    if (t.contains("FULL_SHARD")) {
      return "fsdp-full";
    }
    if (t.contains("SHARD_GRAD_OP")) {
      return "fsdp-grad-op";
    }
    if (t.contains("HYBRID_SHARD")) {
      return "fsdp-hybrid";
    }
    if (t.startsWith("NONE") || t.contains("NO_SHARD")) {
      return "none";
    }
    if (t.contains("DISTRIBUTED OPTIMIZER") || t.contains("DISTRIBUTED-OPTIMIZER")) {
      return "dist-opt";
    }
    if (t.contains("MEGATRON FSDP")) {
      throw new Unmappable("Megatron FSDP (fully sharded parameters) is not a sharding of the megatron profile yet");
    }
    throw new Unmappable("sharding '" + text + "' is not understood");
  }

  private static String recompute(String text, SourceFramework framework, List<String> assumptions) {
    if (text == null) {
      assumptions.add("recompute not stated: " + framework.defaultRecompute);
      return framework.defaultRecompute;
    }
    String t = text.toLowerCase(Locale.ROOT);
    for (String mode : List.of("full", "selective", "none")) {
      if (t.startsWith(mode)) {
        return mode;
      }
    }
    throw new Unmappable("recompute '" + text + "' is not understood");
  }

  private static <T> T require(T value, String reason) {
    if (value == null) {
      throw new Unmappable(reason);
    }
    return value;
  }
}
