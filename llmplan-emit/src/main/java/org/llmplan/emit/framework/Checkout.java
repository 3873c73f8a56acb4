package org.llmplan.emit.framework;

/** Dockerfile lines that install a framework from a git checkout at a pinned commit. */
final class Checkout {
  private Checkout() {}

  static String of(String arg, String ref, String url, String dir, String what) {
    return "# " + what + "\n"
        + "ARG " + arg + "=" + ref + "\n"
        + "RUN git clone " + url + " " + dir + " \\\n"
        + "    && git -C " + dir + " checkout ${" + arg + "} \\\n"
        + "    && pip install --no-cache-dir -e " + dir + "\n\n";
  }
}
