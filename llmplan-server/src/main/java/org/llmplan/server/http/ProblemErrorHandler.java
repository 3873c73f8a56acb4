package org.llmplan.server.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own errors, those raised before a request reaches an endpoint (a URI too long, bad percent-encoding,
 * headers too large, a body sent too slowly), as problem JSON instead of Jetty's HTML page.
 */
public final class ProblemErrorHandler extends ErrorHandler {
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
    return ByteBuffer.wrap(problemFor(status, reason).json().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
      HttpServletResponse response, int code, String message) throws IOException {
    baseRequest.setHandled(true);
    response.setContentType(Problem.MEDIA_TYPE);
    response.setCharacterEncoding("UTF-8");
    response.getOutputStream().write(problemFor(code, message).json().getBytes(StandardCharsets.UTF_8));
  }

  public static Problem problemFor(int status, String reason) {
    String detail = switch (status) {
      case 400 -> "the request is not valid HTTP (" + (reason == null ? "bad request" : reason)
          + "): check the percent-encoding of the path and query";
      case 408 -> "the request was not received in time: send it at once";
      case 413 -> "the body is too large: at most 1 MB";
      case 414 -> "the URI is too long: send the options in a POST body";
      case 431 -> "the request headers are too large";
      default -> reason == null ? HttpStatus.getMessage(status) : reason;
    };
    String kind = switch (status) {
      case 400 -> "bad-request";
      case 408 -> "request-timeout";
      case 413 -> "body-too-large";
      case 414 -> "uri-too-long";
      case 431 -> "headers-too-large";
      default -> "http-" + status;
    };
    return Problem.of(status, kind, detail);
  }
}
