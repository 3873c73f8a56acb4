package org.llmplan.network;

/**
 * What collectives put on each link class for one GPU: bytes it sends, and seconds the link is busy with
 * them (transfer plus latency, as {@link org.llmplan.comm.Collectives} charges them).
 */
public record Traffic(double scaleUpBytes, double networkBytes, double scaleUpSeconds, double networkSeconds) {
  public static final Traffic NONE = new Traffic(0, 0, 0, 0);

  public Traffic plus(Traffic o) {
    return new Traffic(scaleUpBytes + o.scaleUpBytes, networkBytes + o.networkBytes,
        scaleUpSeconds + o.scaleUpSeconds, networkSeconds + o.networkSeconds);
  }

  public Traffic times(double n) {
    return new Traffic(n * scaleUpBytes, n * networkBytes, n * scaleUpSeconds, n * networkSeconds);
  }

  public double seconds() {
    return scaleUpSeconds + networkSeconds;
  }
}
