package dev.rigging.istiod.webhook.inject;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Objects;

/** {@code InjectionOutcome} is what injecting one pod came to. */
public sealed interface InjectionOutcome {
  /** Injected (or re-injected): apply {@code patch}; empty when the pod already was exactly so. */
  record Injected(ArrayNode patch, String templates) implements InjectionOutcome {
    public Injected {
      Objects.requireNonNull(patch, "patch");
    }
  }

  /** Left as it is, for {@code reason}; {@code warn} when the user should hear about it. */
  record Skipped(String reason, boolean warn) implements InjectionOutcome {}

  /** Refused: the pod asks for something that cannot be injected; {@code message} says what. */
  record Failed(String message) implements InjectionOutcome {}
}
