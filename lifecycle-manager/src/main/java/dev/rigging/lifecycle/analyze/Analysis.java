package dev.rigging.lifecycle.analyze;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code Analysis} runs every analyzer over one input and orders the findings as istioctl does:
 * errors first, then by resource.
 */
public final class Analysis {
  private static final List<Analyzer> ANALYZERS = List.of(new ReferenceAnalyzer(), new MeshHostConflictAnalyzer(),
      new InjectionAnalyzer(), new WebhookAnalyzer());

  private Analysis() {}

  /** The findings of every analyzer plus {@code loadMessages} (schema errors found while reading). */
  public static List<Message> run(AnalysisInput input, List<Message> loadMessages) {
    List<Message> out = new ArrayList<>(loadMessages);
    for (Analyzer a : ANALYZERS) {
      out.addAll(a.analyze(input));
    }
    out.sort(Comparator.comparing(Message::level).reversed()
        .thenComparing(m -> m.resource() == null ? "" : m.resource())
        .thenComparing(m -> m.type().code()));
    return out;
  }
}
