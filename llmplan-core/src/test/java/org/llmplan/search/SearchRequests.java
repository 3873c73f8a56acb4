package org.llmplan.search;

import java.util.List;
import org.llmplan.request.BatchShape;
import org.llmplan.request.FrameworkOptions;
import org.llmplan.request.PrecisionRecipe;

/** Search requests for tests, with the fields a test sets by name and the rest left to the defaults. */
final class SearchRequests {
  private String model;
  private List<String> gpu;
  private Integer gpus;
  private Integer maxGpus;
  private String tokens = "100B";
  private Integer seq;
  private Integer globalBatch;
  private String framework;
  private String objective;
  private String offload;
  private String deadline;
  private Double budget;
  private String price;
  private Integer top;
  private String failures;

  static SearchRequests of(String model, String gpu) {
    SearchRequests r = new SearchRequests();
    r.model = model;
    r.gpu = List.of(gpu);
    return r;
  }

  SearchRequests gpus(int n) {
    gpus = n;
    return this;
  }

  SearchRequests maxGpus(int n) {
    maxGpus = n;
    return this;
  }

  SearchRequests tokens(String t) {
    tokens = t;
    return this;
  }

  SearchRequests batch(int seqLength, int sequences) {
    seq = seqLength;
    globalBatch = sequences;
    return this;
  }

  SearchRequests framework(String f) {
    framework = f;
    return this;
  }

  SearchRequests objective(String o) {
    objective = o;
    return this;
  }

  SearchRequests offload(String o) {
    offload = o;
    return this;
  }

  SearchRequests deadline(String d) {
    deadline = d;
    return this;
  }

  SearchRequests budget(double usd) {
    budget = usd;
    return this;
  }

  SearchRequests price(String p) {
    price = p;
    return this;
  }

  SearchRequests top(int n) {
    top = n;
    return this;
  }

  SearchRequests failures(String f) {
    failures = f;
    return this;
  }

  TrainingSearchRequest build() {
    return new TrainingSearchRequest(model, SearchHardware.builder().gpu(gpu).gpus(gpus).maxGpus(maxGpus).build(),
        BatchShape.builder().globalBatch(globalBatch).seq(seq).build(), PrecisionRecipe.UNSET,
        FrameworkOptions.builder().framework(framework).build(), SearchGoal.builder().tokens(tokens)
        .objective(objective).offload(offload).deadline(deadline).budget(budget).price(price).top(top)
        .failures(failures).build());
  }

  SearchSpec resolve() {
    return build().resolve(TrainingSearchTest.CATALOG);
  }
}
