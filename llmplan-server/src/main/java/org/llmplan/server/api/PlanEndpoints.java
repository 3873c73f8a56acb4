package org.llmplan.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidValueException;
import org.llmplan.estimate.Quantities;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.infer.InferenceEstimate;
import org.llmplan.model.ModelSpec;
import org.llmplan.infer.WeightFormat;
import org.llmplan.model.WeightFootprint;
import org.llmplan.network.BandwidthThreshold;
import org.llmplan.network.NetworkChange;
import org.llmplan.network.NetworkEstimate;
import org.llmplan.network.NetworkEstimator;
import org.llmplan.reliability.GoodputEstimate;
import org.llmplan.reliability.GoodputEstimator;
import org.llmplan.request.InferenceRequest;
import org.llmplan.request.TrainingRequest;
import org.llmplan.server.http.StrictJson;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingMemoryEstimator;
import org.llmplan.train.TrainingRun;
import org.llmplan.train.TrainingTimeEstimator;
import org.llmplan.view.InferenceMemoryView;
import org.llmplan.view.NetworkView;
import org.llmplan.view.TrainingMemoryView;
import org.llmplan.view.TrainingView;
import org.llmplan.view.WeightsView;

/**
 * One plan at a time: {@code memory weights}, {@code memory train}, {@code memory infer}, {@code train} and
 * {@code network}, each answering with the JSON of the command's {@code --json}.
 */
final class PlanEndpoints {
  private final Catalog catalog;

  private PlanEndpoints(Catalog catalog) {
    this.catalog = catalog;
  }

  static void install(Api api) {
    PlanEndpoints p = new PlanEndpoints(api.catalog());
    api.get("/api/memory/weights", ctx -> {
      WeightsQuery q = WeightsQuery.of(ctx);
      if (q.model() != null) {
        api.requireCatalogModel(q.model());
      }
      api.json(ctx, () -> p.weights(q));
    });
    api.post("/api/memory/train", ctx -> {
      ObjectNode body = api.body(ctx);
      InlineModel inline = InlineModel.take(body);
      TrainingRequest r = StrictJson.read(body, TrainingRequest.class);
      api.json(ctx, () -> p.memoryTrain(p.job(r, inline)));
    });
    api.post("/api/memory/infer", ctx -> {
      ObjectNode body = api.body(ctx);
      InlineModel inline = InlineModel.take(body);
      InferenceRequest r = StrictJson.read(body, InferenceRequest.class);
      api.json(ctx, () -> InferenceMemoryView.of(InferenceEstimate.of(p.deployment(r, inline), r.lengths())));
    });
    api.post("/api/train", ctx -> {
      ObjectNode body = api.body(ctx);
      InlineModel inline = InlineModel.take(body);
      TrainBody b = TrainBody.of(body);
      api.json(ctx, () -> p.train(b, p.job(b.request(), inline)));
    });
    api.post("/api/network", ctx -> {
      ObjectNode body = api.body(ctx);
      InlineModel inline = InlineModel.take(body);
      NetworkBody extra = StrictJson.read(TrainBody.split(body, NetworkBody.class), NetworkBody.class);
      TrainingRequest r = StrictJson.read(body, TrainingRequest.class);
      api.json(ctx, () -> p.network(p.job(r, inline), extra));
    });
  }

  /** The query of {@code memory weights}: a catalog model or a parameter count, a precision and a GPU. */
  private record WeightsQuery(String model, String params, String precision, String gpu) {
    static WeightsQuery of(Context ctx) {
      WeightsQuery q = new WeightsQuery(Api.name("model", ctx.queryParam("model")),
          Api.name("params", ctx.queryParam("params")), Api.name("precision", ctx.queryParam("precision")),
          Api.name("gpu", ctx.queryParam("gpu")));
      if ((q.model == null) == (q.params == null)) {
        throw new InvalidValueException("give either model or params");
      }
      return q;
    }
  }

  private WeightsView weights(WeightsQuery q) {
    String name;
    double count;
    if (q.model() != null) {
      ModelSpec m = catalog.model(q.model());
      name = m.name();
      count = m.parameters().total();
    } else {
      count = Quantities.parseCount("params", q.params());
      name = q.params() + " parameters";
    }
    WeightFormat format = WeightFormat.parse(orDefault(q.precision(), "bf16"));
    WeightFootprint w = format.footprint(count, catalog.gpu(orDefault(q.gpu(), defaultGpu())));
    return WeightsView.of(name, w);
  }

  /** The accelerator {@code memory weights} compares with when none is named. */
  private static String defaultGpu() {
    return "h100-sxm";
  }

  /** The job of a request, its model a catalog name or the config.json pasted into it. */
  private TrainingJob job(TrainingRequest r, InlineModel inline) {
    requireModel(r.model(), inline);
    return inline == null ? r.toJob(catalog) : r.toJob(catalog, inline.model());
  }

  /** The deployment of a request; a pasted quantized config says how its weights are stored, as a file's does. */
  private InferenceDeployment deployment(InferenceRequest r, InlineModel inline) {
    requireModel(r.model(), inline);
    if (inline == null) {
      return r.toDeployment(catalog);
    }
    return r.with(r.formats().orElse(inline.stored())).toDeployment(catalog, inline.model());
  }

  private static void requireModel(String model, InlineModel inline) {
    if (inline == null && (model == null || model.isBlank())) {
      throw new InvalidValueException("say which model: model (a catalog name) or " + InlineModel.FIELD
          + " (a pasted config.json object)");
    }
  }

  private TrainingMemoryView memoryTrain(TrainingJob job) {
    MemoryEstimate estimate = new TrainingMemoryEstimator().estimate(job);
    return TrainingMemoryView.of(job, estimate);
  }

  private TrainingView train(TrainBody b, TrainingJob requested) {
    TrainingJob job = b.network().apply(requested, catalog);
    MemoryEstimate memory = new TrainingMemoryEstimator().estimate(job);
    TrainingRun run = TrainingRun.of(job, new TrainingTimeEstimator().estimate(job), b.tokens(), b.price());
    NetworkEstimate traffic = new NetworkEstimator().estimate(job);
    GoodputEstimate failures = new GoodputEstimator().estimate(job, memory, run, b.goodput(catalog));
    return TrainingView.of(job, run, memory, traffic, failures);
  }

  private NetworkView network(TrainingJob base, NetworkBody extra) {
    NetworkChange change = new NetworkChange(extra.fabric(), extra.nicsPerNode(), extra.oversubscription());
    TrainingJob job = change.apply(base, catalog);
    NetworkEstimator estimator = new NetworkEstimator();
    NetworkEstimate baseline = change.isNone() ? null : estimator.estimate(base);
    double share = extra.maxExposedShare() == null ? 0.1 : extra.maxExposedShare();
    return NetworkView.of(job, estimator.estimate(job), change, baseline, BandwidthThreshold.find(job, share));
  }

  /** The network options of {@code llmplan network}, besides the job's. */
  public record NetworkBody(String fabric, Integer nicsPerNode, Double oversubscription, Double maxExposedShare) {}

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
