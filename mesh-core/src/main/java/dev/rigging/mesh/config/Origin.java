package dev.rigging.mesh.config;

/**
 * {@code Origin} says where an object came from: a file and the 1-based document in it, or a
 * Kubernetes object ({@code document} 0).
 */
public record Origin(String source, int document) {

  /** An object read from the Kubernetes API server. */
  public static Origin kubernetes(String kind, String namespace, String name) {
    return new Origin("kubernetes:" + kind + "/" + namespace + "/" + name, 0);
  }

  @Override
  public String toString() {
    return document > 0 ? source + " (document " + document + ")" : source;
  }
}
