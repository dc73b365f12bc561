package dev.rigging.lifecycle.analyze;

import java.util.List;

/** {@code Analyzer} looks at the whole input and reports findings; analyzers are independent and side-effect free. */
public interface Analyzer {
  List<Message> analyze(AnalysisInput input);
}
