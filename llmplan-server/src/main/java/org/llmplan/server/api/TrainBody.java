package org.llmplan.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidValueException;
import org.llmplan.estimate.Quantities;
import org.llmplan.network.NetworkChange;
import org.llmplan.reliability.FailureModel;
import org.llmplan.reliability.GoodputRequest;
import org.llmplan.reliability.ReliabilityModel;
import org.llmplan.request.TrainingRequest;
import org.llmplan.server.http.StrictJson;
import org.llmplan.storage.CheckpointMode;

/**
 * The body of {@code POST /api/train}: a {@link TrainingRequest} and, in the same flat object, the other options
 * of {@code llmplan train} (token budget, price, network, storage, checkpoints and failures) with the command
 * line's defaults.
 */
record TrainBody(TrainingRequest request, double tokens, Double price, NetworkChange network, Options options) {
  /** The options of {@code llmplan train} that are not the job's, under their camelCase names. */
  record Options(String tokens, Double price, String fabric, Integer nicsPerNode, Double oversubscription,
      String storage, String checkpointMode, String checkpointEvery, Double stallBudget, Double failureRate,
      String restartTime, String bytesPerSample, Integer simulations, Long seed) {}

  /** More Monte Carlo runs than the command line's default are refused: they are the costliest part. */
  static final int MAX_SIMULATIONS = GoodputRequest.DEFAULT_SIMULATIONS;

  static TrainBody of(ObjectNode body) {
    Options o = StrictJson.read(split(body, Options.class), Options.class);
    TrainingRequest request = StrictJson.read(body, TrainingRequest.class);
    double tokens = o.tokens() == null ? 0 : Quantities.parseCount("tokens", o.tokens());
    if (o.price() != null) {
      InvalidValueException.requireInRange("price", o.price(), 0, 1e6);
    }
    if (o.simulations() != null) {
      InvalidValueException.requireInRange("simulations", o.simulations(), 0, MAX_SIMULATIONS);
    }
    return new TrainBody(request, tokens, o.price(),
        new NetworkChange(o.fabric(), o.nicsPerNode(), o.oversubscription()), o);
  }

  /** The fields of {@code body} that are components of {@code type}, moved out of it into an object of their own. */
  static ObjectNode split(ObjectNode body, Class<? extends Record> type) {
    ObjectNode part = body.objectNode();
    for (RecordComponent c : type.getRecordComponents()) {
      if (body.has(c.getName())) {
        part.set(c.getName(), body.remove(c.getName()));
      }
    }
    return part;
  }

  /** Storage, checkpoints and failures as {@code llmplan train} reads them, with its defaults. */
  GoodputRequest goodput(Catalog catalog) {
    String every = options.checkpointEvery() == null ? "auto" : options.checkpointEvery();
    Double interval = "auto".equalsIgnoreCase(every.trim()) ? null
        : Quantities.parseSeconds("checkpointEvery", every);
    double restart = options.restartTime() == null ? ReliabilityModel.DEFAULT_RESTART_SECONDS
        : Quantities.parseSeconds("restartTime", options.restartTime());
    return new GoodputRequest(catalog.storage(options.storage() == null ? "lustre" : options.storage()),
        CheckpointMode.parse(options.checkpointMode() == null ? "async" : options.checkpointMode()), interval,
        options.stallBudget() == null ? GoodputRequest.DEFAULT_STALL_BUDGET : options.stallBudget(),
        options.failureRate() == null ? FailureModel.llama3() : FailureModel.of(options.failureRate()), restart,
        options.bytesPerSample() == null ? 0 : Quantities.parseBytes("bytesPerSample", options.bytesPerSample()),
        options.simulations() == null ? GoodputRequest.DEFAULT_SIMULATIONS : options.simulations(),
        options.seed() == null ? 1 : options.seed());
  }
}
