package org.llmplan.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.llmplan.error.InvalidValueException;
import org.llmplan.error.MalformedInputException;
import org.llmplan.request.TrainingRequest;

/**
 * A saved plan: the question with every choice written out, so that the launch-bundle emitter (or a later
 * llmplan) rebuilds exactly the same job. Expected figures are not stored; they are recomputed from the
 * request, so a plan never disagrees with the engine that reads it.
 *
 * <p>The format version changes whenever the JSON does; this llmplan reads the versions in {@link #READS} and
 * refuses any other (a newer llmplan's, say) in one line rather than guessing at it. Version 1 is the flat
 * request JSON of the HTTP API: a plan's training section can be posted to {@code /api/memory/train} as it is.
 * Version 2 adds the {@code run} section (token budget, network, checkpoints and failures, learning rate); a
 * version-1 plan reads as one with every run default ({@link RunPlan#DEFAULTS}).
 *
 * @param format the version it was written in: {@link #FORMAT} when this llmplan writes it
 * @param training the training job, with every field the search chose filled in; null in a serving plan
 * @param run what a training plan holds besides the job; null in a serving plan and in version 1
 * @param serving the serving deployment and what it was sized for; null in a training plan
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlanFile(String format, TrainingRequest training, RunPlan run, ServingPlan serving) {
  public static final String FORMAT = "llmplan-plan/2";
  /** Every version this llmplan reads, oldest first. */
  public static final List<String> READS = List.of("llmplan-plan/1", FORMAT);

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  /** A training plan with every run default (no token budget, the node's network). */
  public static PlanFile of(TrainingRequest training) {
    return of(training, RunPlan.DEFAULTS);
  }

  public static PlanFile of(TrainingRequest training, RunPlan run) {
    return new PlanFile(FORMAT, training, run, null);
  }

  public static PlanFile of(ServingPlan serving) {
    return new PlanFile(FORMAT, null, null, serving);
  }

  /** The run around a training job; a version-1 plan has none and takes every default. */
  public RunPlan runOrDefaults() {
    return run == null ? RunPlan.DEFAULTS : run;
  }

  /** The training job, or an error saying that {@code what} needs a training plan. */
  public TrainingRequest requireTraining(String what) {
    if (training == null) {
      throw new InvalidValueException("this is a serving plan; " + what + " needs a training plan");
    }
    return training;
  }

  /** The serving plan, or an error saying that {@code what} needs a serving plan. */
  public ServingPlan requireServing(String what) {
    if (serving == null) {
      throw new InvalidValueException("this is a training plan; " + what + " needs a serving plan");
    }
    return serving;
  }

  /** Reads and checks a plan file; any problem is one {@link MalformedInputException} naming the file. */
  public static PlanFile read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new MalformedInputException("cannot read plan " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  public static PlanFile parse(String text, String origin) {
    PlanFile plan;
    try {
      plan = JSON.readValue(text, PlanFile.class);
    } catch (JsonProcessingException e) {
      throw new MalformedInputException(origin + " is not an llmplan plan: " + e.getOriginalMessage(), e);
    }
    if (plan == null || !READS.contains(String.valueOf(plan.format()))) {
      throw new MalformedInputException(origin + " has format " + (plan == null ? null : plan.format())
          + "; this llmplan reads " + String.join(", ", READS) + ": save the plan again with this llmplan, or "
          + "read it with the one that wrote it");
    }
    if ((plan.training() == null) == (plan.serving() == null)) {
      throw new MalformedInputException(origin + " must have exactly one of a training and a serving section");
    }
    if (plan.serving() != null && plan.run() != null) {
      throw new MalformedInputException(origin + " is a serving plan with a training run section; drop \"run\"");
    }
    if (plan.serving() != null && plan.serving().deployment() == null) {
      throw new MalformedInputException(origin + " has a serving section without its deployment");
    }
    return plan;
  }

  /** Writes the plan to {@code file}; a path that cannot be written is the user's to change. */
  public void write(Path file) {
    try {
      Files.writeString(file, toJson());
    } catch (IOException e) {
      throw new InvalidValueException("cannot write the plan to " + file + " (" + e.getMessage() + "): choose a "
          + "path in a folder that exists and can be written");
    }
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a plan always serialises", e);
    }
  }
}
