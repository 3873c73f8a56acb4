package org.llmplan.emit.monitor;

import java.util.List;
import java.util.Map;

/**
 * One Prometheus alerting rule with the evidence that it works: input series on which it must fire (with the
 * labels the alert then carries) and series of a healthy run on which it must stay silent. The evidence is
 * emitted as a {@code promtool test rules} file beside the rules.
 *
 * @param forDuration how long the condition must hold, in Prometheus duration syntax ("0m" fires at once)
 * @param summary annotation text; {@code {{ $labels.X }}} placeholders are filled from {@code firingLabels}
 * @param firing input series, as promtool writes them: series selector and expanding values notation
 * @param firingLabels the labels of the alert that {@code firing} raises, severity included
 * @param healthy input series of a run that matches the plan
 */
record AlertRule(
    String group,
    String name,
    String expr,
    String forDuration,
    String severity,
    String summary,
    String description,
    List<Series> firing,
    Map<String, String> firingLabels,
    List<Series> healthy) {

  record Series(String series, String values) {}

  /** The summary as Prometheus renders it for the firing example. */
  String renderedSummary() {
    String text = summary;
    for (Map.Entry<String, String> label : firingLabels.entrySet()) {
      text = text.replace("{{ $labels." + label.getKey() + " }}", label.getValue());
    }
    return text;
  }
}
