package org.llmplan.server.http;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.javalin.http.Context;
import org.llmplan.view.JsonText;

/**
 * An RFC 9457 problem body: {@code type} names the kind of mistake ({@code urn:llmplan:problem:KIND}),
 * {@code detail} says in one line what to change.
 */
@JsonPropertyOrder({"type", "title", "status", "detail"})
public record Problem(String type, String title, int status, String detail) {
  public static final String MEDIA_TYPE = "application/problem+json";

  /** The request attribute that says the answer is already a problem body. */
  public static final String ANSWERED = "llmplan.problem";

  public static Problem of(int status, String kind, String detail) {
    return new Problem("urn:llmplan:problem:" + kind, kind.replace('-', ' '), status, Text.printable(detail));
  }

  public String json() {
    return JsonText.write(this);
  }

  /** Writes this problem as the answer of {@code ctx}. */
  public void answer(Context ctx) {
    ctx.attribute(ANSWERED, true);
    ctx.status(status).contentType(MEDIA_TYPE).result(json());
  }
}
