package dev.rigging.mesh.api.networking;

/** {@code StringMatch} is one of exact, prefix or regex (RE2 syntax). */
public record StringMatch(String exact, String prefix, String regex) {

  /** How many of the three alternatives are set (Istio requires exactly one). */
  public int alternativesSet() {
    return (exact != null ? 1 : 0) + (prefix != null ? 1 : 0) + (regex != null ? 1 : 0);
  }
}
