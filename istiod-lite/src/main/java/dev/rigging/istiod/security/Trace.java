package dev.rigging.istiod.security;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code Trace} records, while a rule is evaluated, the outcome of each labelled condition (one
 * per field of an Istio rule, such as {@code from[0].source.principals}), so that the explainer
 * can say which conditions matched and which did not.
 */
public final class Trace {
  /** One labelled condition and whether it held. */
  public record Step(String condition, boolean matched) {}

  private final List<Step> steps = new ArrayList<>();
  private final boolean enabled;

  /** A trace that records every labelled condition. */
  public Trace() {
    this(true);
  }

  private Trace(boolean enabled) {
    this.enabled = enabled;
  }

  /** A trace that records nothing, for evaluation without explanation. */
  public static Trace discard() {
    return new Trace(false);
  }

  void record(String condition, boolean matched) {
    if (enabled) {
      steps.add(new Step(condition, matched));
    }
  }

  /** Every labelled condition evaluated, in evaluation order. */
  public List<Step> steps() {
    return List.copyOf(steps);
  }
}
