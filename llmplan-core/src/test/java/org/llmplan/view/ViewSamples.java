package org.llmplan.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.llmplan.catalog.Catalog;
import org.llmplan.infer.InferenceEstimate;
import org.llmplan.infer.WeightFormat;
import org.llmplan.network.BandwidthThreshold;
import org.llmplan.network.NetworkChange;
import org.llmplan.network.NetworkEstimator;
import org.llmplan.reliability.FailureModel;
import org.llmplan.reliability.GoodputEstimator;
import org.llmplan.reliability.GoodputRequest;
import org.llmplan.reliability.ReliabilityModel;
import org.llmplan.request.InferenceRequest;
import org.llmplan.request.TrainingRequest;
import org.llmplan.search.SearchControl;
import org.llmplan.search.SearchSpec;
import org.llmplan.search.TrainingSearch;
import org.llmplan.search.TrainingSearchRequest;
import org.llmplan.serve.ServePlanner;
import org.llmplan.serve.ServeRequest;
import org.llmplan.serve.ServeSearch;
import org.llmplan.serve.ServeSearchRequest;
import org.llmplan.storage.CheckpointMode;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TimeEstimate;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingMemoryEstimator;
import org.llmplan.train.TrainingRun;
import org.llmplan.train.TrainingTimeEstimator;
import org.llmplan.validate.InferenceValidation;
import org.llmplan.validate.PublishedInferenceData;
import org.llmplan.validate.PublishedTrainingData;
import org.llmplan.validate.TrainingValidation;

/**
 * One document of each kind the command line and the API print, built from request bodies the way the API
 * reads them. {@link #main} prints them, so that a test can compare another process's bytes with its own.
 */
final class ViewSamples {
  static final Catalog CATALOG = Catalog.embedded();
  private static final ObjectMapper REQUESTS = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
      .build();
  private static final String TRAINING = """
      {"model": "llama-3.1-70b", "gpu": "h100", "gpus": 64, "tp": 8, "pp": 2, "seq": 8192, "globalBatch": 128,
       "sharding": "dist-opt", "recompute": "selective", "sequenceParallel": true}""";
  private static final String INFERENCE = """
      {"model": "llama-3.1-70b", "gpu": "h100", "tp": 2, "precision": "fp8", "kvPrecision": "fp8",
       "input": 2000, "output": 500}""";
  private static final String SERVE = """
      {"deployment": {"model": "llama-3.1-8b", "gpu": "h100"}, "input": "1000", "output": 100, "rate": 5,
       "duration": "1min", "ttftP99": "2s", "price": 2}""";

  private ViewSamples() {}

  /** The documents by name, in a fixed order. */
  static Map<String, Object> all() throws JsonProcessingException {
    Map<String, Object> views = new LinkedHashMap<>();
    TrainingJob job = read(TRAINING, TrainingRequest.class).toJob(CATALOG);
    MemoryEstimate memory = new TrainingMemoryEstimator().estimate(job);
    views.put("memory train", TrainingMemoryView.of(job, memory));
    views.put("train", training(job, memory));
    views.put("network", NetworkView.of(job, new NetworkEstimator().estimate(job), NetworkChange.NONE, null,
        BandwidthThreshold.find(job, 0.05)));
    views.put("search train", search());
    InferenceRequest inference = read(INFERENCE, InferenceRequest.class);
    views.put("memory infer", InferenceMemoryView.of(InferenceEstimate.of(inference.toDeployment(CATALOG),
        inference.lengths())));
    views.put("serve", ServeView.of(new ServePlanner(CATALOG, 5_000).plan(read(SERVE, ServeRequest.class))));
    views.put("search serve", ServeSearchView.of(new ServeSearch(CATALOG, 5_000).search(read(
        "{\"base\": " + SERVE + ", \"maxTp\": 1, \"maxNumSeqs\": [64, 256]}", ServeSearchRequest.class)), CATALOG));
    views.put("memory weights", WeightsView.of("gpt3-175b", WeightFormat.BF16.footprint(
        CATALOG.model("gpt3-175b").parameters().total(), CATALOG.gpu("h100"))));
    views.put("catalog gpu", CatalogView.of(CATALOG.gpu("h100")));
    views.put("catalog model", CatalogView.of(CATALOG.model("llama-3.1-8b")));
    Path data = Path.of("..", "validation");
    views.put("validate training", TrainingValidationView.of(new TrainingValidation(CATALOG)
        .run(PublishedTrainingData.read(data.resolve("training_published.csv")).subList(0, 8))));
    views.put("validate inference", InferenceValidationView.of(new InferenceValidation(CATALOG)
        .run(PublishedInferenceData.read(data.resolve("inference_published.csv")).subList(0, 8))));
    return views;
  }

  private static TrainingView training(TrainingJob job, MemoryEstimate memory) {
    TimeEstimate time = new TrainingTimeEstimator().estimate(job);
    TrainingRun run = TrainingRun.of(job, time, 15e12, null);
    GoodputRequest checkpoints = new GoodputRequest(CATALOG.storage("lustre"), CheckpointMode.ASYNC, null, 0.01,
        FailureModel.llama3(), ReliabilityModel.DEFAULT_RESTART_SECONDS, 0, 200, 1);
    return TrainingView.of(job, run, memory, new NetworkEstimator().estimate(job),
        new GoodputEstimator().estimate(job, memory, run, checkpoints));
  }

  private static SearchView search() throws JsonProcessingException {
    SearchSpec spec = read("""
        {"model": "gpt3-1.3b", "gpu": "a100-80gb", "gpus": 8, "seq": 1024, "globalBatch": 16, "tokens": "100B",
         "top": 3}""", TrainingSearchRequest.class).resolve(CATALOG);
    return SearchView.of(new TrainingSearch().run(spec, new SearchControl(spec.timeLimitSeconds(), (d, t) -> { })));
  }

  private static <T> T read(String body, Class<T> type) throws JsonProcessingException {
    return REQUESTS.readValue(body, type);
  }

  /** Every document, each after a line "=== name", as {@link JsonText#write} prints it. */
  static String printed(Map<String, Object> views) {
    StringBuilder out = new StringBuilder();
    views.forEach((name, view) -> out.append("=== ").append(name).append('\n').append(JsonText.write(view))
        .append('\n'));
    return out.toString();
  }

  public static void main(String[] args) throws JsonProcessingException {
    System.out.print(printed(all()));
  }
}
