package dev.rigging.mesh.config;

/**
 * {@code ConfigError} is one problem with user config, precise enough to fix without guessing:
 * where (file and document), which object (kind namespace/name, when known), which field (a path
 * such as {@code spec.http[0].route[1].weight}) and what is wrong or what would be valid.
 */
public record ConfigError(Origin origin, String object, String field, String message) {

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (origin != null) {
      sb.append(origin).append(": ");
    }
    if (object != null) {
      sb.append(object).append(": ");
    }
    if (field != null && !field.isEmpty()) {
      sb.append(field).append(": ");
    }
    return sb.append(message).toString();
  }
}
