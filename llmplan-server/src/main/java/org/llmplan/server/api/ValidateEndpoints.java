package org.llmplan.server.api;

import io.javalin.http.Context;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.function.Function;
import org.llmplan.error.InvalidValueException;
import org.llmplan.error.MalformedInputException;
import org.llmplan.error.PlanInputException;
import org.llmplan.server.http.StrictJson.UnsupportedMediaType;
import org.llmplan.validate.InferenceValidation;
import org.llmplan.validate.TrainingValidation;
import org.llmplan.view.InferenceValidationView;
import org.llmplan.view.TrainingValidationView;

/**
 * {@code POST /api/validate/training} and {@code /api/validate/inference}: the body is a CSV of published runs
 * (columns as in validation/README.md, {@code Content-Type: text/csv}); the answer is {@code validate --json}.
 * The CSV goes through a private temporary file that is deleted afterwards, whose name no answer shows.
 */
final class ValidateEndpoints {
  private ValidateEndpoints() {}

  static void install(Api api) {
    api.post("/api/validate/training", ctx -> answer(api, ctx,
        csv -> TrainingValidationView.of(new TrainingValidation(api.catalog()).run(csv))));
    api.post("/api/validate/inference", ctx -> answer(api, ctx,
        csv -> InferenceValidationView.of(new InferenceValidation(api.catalog()).run(csv))));
  }

  private static void answer(Api api, Context ctx, Function<Path, Object> validation) throws Exception {
    String type = ctx.contentType() == null ? "" : ctx.contentType().split(";")[0].trim();
    if (!type.equalsIgnoreCase("text/csv")) {
      throw new UnsupportedMediaType("send the CSV as Content-Type: text/csv");
    }
    String text = utf8(ctx.bodyAsBytes());
    if (text.indexOf('\0') >= 0) {
      throw new InvalidValueException("the CSV holds a NUL character: send plain text");
    }
    api.json(ctx, () -> {
      Path csv = Files.createTempFile("llmplan-upload-", ".csv");
      try {
        Files.writeString(csv, text);
        return validation.apply(csv);
      } catch (PlanInputException e) {
        throw new MalformedInputException(e.getMessage().replace(csv.toString(), "the uploaded CSV"), e);
      } finally {
        Files.deleteIfExists(csv);
      }
    });
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidValueException("the CSV is not UTF-8 text");
    }
  }
}
