package dev.rigging.mesh.validation;

import dev.rigging.mesh.config.ConfigError;
import dev.rigging.mesh.config.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code Issues} collects the errors and warnings found in one object, each tied to the object's
 * origin and name and to a field path. Validators report everything they find rather than stopping
 * at the first problem, so users can fix a file in one pass.
 */
final class Issues {
  private final Origin origin;
  private final String object;
  private final List<ConfigError> errors = new ArrayList<>();
  private final List<ConfigError> warnings = new ArrayList<>();

  Issues(Origin origin, String object) {
    this.origin = origin;
    this.object = Objects.requireNonNull(object, "object");
  }

  void error(String field, String message) {
    errors.add(new ConfigError(origin, object, field, message));
  }

  /** Reports {@code message} when it is not null; helpers return null for "no problem". */
  void errorIfPresent(String field, String message) {
    if (message != null) {
      error(field, message);
    }
  }

  void warn(String field, String message) {
    warnings.add(new ConfigError(origin, object, field, message));
  }

  int errorCount() {
    return errors.size();
  }

  ValidationResult result() {
    return new ValidationResult(errors, warnings);
  }

  /** {@code path[index]}. */
  static String at(String path, int index) {
    return path + "[" + index + "]";
  }

  /** {@code path["key"]}: map keys are quoted because label keys contain dots and slashes. */
  static String key(String path, String key) {
    return path + "[\"" + key + "\"]";
  }
}
