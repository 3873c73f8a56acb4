package org.llmplan.calibrate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The probe script shipped in the jar (resource {@value #RESOURCE}), which `llmplan probe` writes out. */
public final class ProbeScript {
  public static final String RESOURCE = "/calibrate/probe.py";

  private ProbeScript() {}

  /** The script's text, as users run it with python3 or torchrun. */
  public static String text() {
    try (InputStream in = ProbeScript.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE, e);
    }
  }
}
