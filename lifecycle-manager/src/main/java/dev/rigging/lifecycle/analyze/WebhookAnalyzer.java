package dev.rigging.lifecycle.analyze;

import java.util.List;

/** {@code WebhookAnalyzer} reports webhook entries that call a Service that does not exist (IST0139). */
public final class WebhookAnalyzer implements Analyzer {
  @Override
  public List<Message> analyze(AnalysisInput in) {
    return in.cluster().map(c -> c.danglingWebhooks().stream()
        .map(d -> MessageType.INVALID_WEBHOOK.on("", d)).toList()).orElse(List.of());
  }
}
