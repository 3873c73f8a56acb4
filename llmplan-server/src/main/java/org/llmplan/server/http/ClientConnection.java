package org.llmplan.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Whether the client of a request being computed is still connected. Jetty does not read a connection while
 * its request is handled, so a client that closes goes unnoticed until the answer is written; this reads the
 * connection without blocking: end of stream (or a reset) means the client is gone and its work can stop.
 */
public final class ClientConnection {
  private final Context ctx;
  private final EndPoint endPoint;
  private boolean pipelined;

  private ClientConnection(Context ctx, EndPoint endPoint) {
    this.ctx = ctx;
    this.endPoint = endPoint;
  }

  public static ClientConnection of(Context ctx) {
    return new ClientConnection(ctx, Request.getBaseRequest(ctx.req()).getHttpChannel().getEndPoint());
  }

  /** True once the client has closed the connection or it broke; never blocks. */
  public boolean gone() {
    if (pipelined) {
      return false;
    }
    if (!endPoint.isOpen() || endPoint.isInputShutdown()) {
      return true;
    }
    try {
      ByteBuffer next = BufferUtil.allocate(1);
      int read = endPoint.fill(next);
      if (read > 0) {
        // The first byte of a pipelined request, now taken from the stream: the connection ends after this
        // answer (HTTP lets a client send such a request again) and is not read any more.
        pipelined = true;
        ctx.header("Connection", "close");
      }
      return read < 0;
    } catch (IOException e) {
      return true;
    }
  }
}
