package org.llmplan.hardware;

import java.util.List;
import org.llmplan.error.InvalidValueException;

/**
 * A storage system that checkpoints and training data live on, as one deployment of it: what its servers
 * deliver together, what one client node can pull or push, and, for object stores, how many requests a
 * prefix takes. A limit of 0 means it does not bind (object stores have no server count; local disks are
 * only limited per node).
 *
 * @param kind parallel-fs, nfs, object or local
 * @param servers storage servers (appliances, or capacity units for services sold per TiB) in the deployment
 * @param serverReadGBps read bandwidth per server, GB/s (10^9 bytes/s)
 * @param serverWriteGBps write bandwidth per server, GB/s
 * @param clientReadGBps read bandwidth one client node reaches, GB/s
 * @param clientWriteGBps write bandwidth one client node reaches, GB/s
 * @param prefixReadRequests GET requests per second one prefix serves (object stores; 0 = no such limit)
 * @param prefixWriteRequests PUT requests per second one prefix serves
 * @param prefixes prefixes the objects are spread over (0 = 1)
 * @param durable whether a checkpoint on it survives the loss of the node that wrote it
 */
public record StorageSystem(
    String name,
    List<String> aliases,
    String kind,
    int servers,
    double serverReadGBps,
    double serverWriteGBps,
    double clientReadGBps,
    double clientWriteGBps,
    double prefixReadRequests,
    double prefixWriteRequests,
    int prefixes,
    boolean durable,
    String source) {

  /**
   * Bytes one request moves: the AWS CLI's default multipart chunk (multipart_chunksize 8 MB), which is how
   * a request-rate limit turns into a bandwidth.
   */
  public static final double REQUEST_BYTES = 8 * 1024 * 1024;

  public StorageSystem {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    String what = "storage " + name + ": ";
    InvalidValueException.requireInRange(what + "servers", servers, 0, 1_000_000);
    for (double v : new double[] {serverReadGBps, serverWriteGBps, clientReadGBps, clientWriteGBps,
        prefixReadRequests, prefixWriteRequests}) {
      InvalidValueException.requireInRange(what + "bandwidths and request rates", v, 0, 1e9);
    }
    InvalidValueException.requireInRange(what + "prefixes", prefixes, 0, 1_000_000);
    if (servers > 0 && (serverReadGBps <= 0 || serverWriteGBps <= 0)) {
      throw new InvalidValueException(what + "give serverReadGBps and serverWriteGBps for its " + servers
          + " servers");
    }
    if (Double.isInfinite(limit(servers, prefixes, 1, serverReadGBps, clientReadGBps, prefixReadRequests))
        || Double.isInfinite(limit(servers, prefixes, 1, serverWriteGBps, clientWriteGBps, prefixWriteRequests))) {
      throw new InvalidValueException(what + "give servers with their bandwidth, per-client bandwidth or request "
          + "rates for both reads and writes: without a limit its speed is unknown");
    }
  }

  /** Aggregate write bandwidth, bytes/s, when {@code clientNodes} nodes write at once. */
  public double writeBytesPerSecond(int clientNodes) {
    return limit(servers, prefixes, clientNodes, serverWriteGBps, clientWriteGBps, prefixWriteRequests);
  }

  /** Aggregate read bandwidth, bytes/s, when {@code clientNodes} nodes read at once. */
  public double readBytesPerSecond(int clientNodes) {
    return limit(servers, prefixes, clientNodes, serverReadGBps, clientReadGBps, prefixReadRequests);
  }

  /** Which limit binds for a write from {@code clientNodes} nodes: servers, clients or requests. */
  public String writeBound(int clientNodes) {
    double rate = writeBytesPerSecond(clientNodes);
    if (servers > 0 && rate == servers * serverWriteGBps * 1e9) {
      return servers + " servers x " + serverWriteGBps + " GB/s";
    }
    if (clientWriteGBps > 0 && rate == clientNodes * clientWriteGBps * 1e9) {
      return clientNodes + " client nodes x " + clientWriteGBps + " GB/s";
    }
    return Math.max(1, prefixes) + " prefix(es) x " + (long) prefixWriteRequests + " PUT/s x 8 MiB";
  }

  private static double limit(int servers, int prefixes, int clientNodes, double perServer, double perClient,
      double requests) {
    double rate = Double.POSITIVE_INFINITY;
    if (servers > 0) {
      rate = servers * perServer * 1e9;
    }
    if (perClient > 0) {
      rate = Math.min(rate, clientNodes * perClient * 1e9);
    }
    if (requests > 0) {
      rate = Math.min(rate, Math.max(1, prefixes) * requests * REQUEST_BYTES);
    }
    return rate;
  }
}
