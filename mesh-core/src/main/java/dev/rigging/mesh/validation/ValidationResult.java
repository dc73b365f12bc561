package dev.rigging.mesh.validation;

import dev.rigging.mesh.config.ConfigError;
import java.util.List;

/**
 * {@code ValidationResult} holds what {@link ConfigValidator} found in one object: errors make the
 * object invalid (Istio would reject it); warnings are accepted config that is probably a mistake,
 * reported where Istio's own validation only warns.
 */
public record ValidationResult(List<ConfigError> errors, List<ConfigError> warnings) {
  public ValidationResult {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  /** True when there are no errors (warnings do not count). */
  public boolean valid() {
    return errors.isEmpty();
  }
}
