package dev.rigging.lifecycle.spec;

import dev.rigging.lifecycle.errors.UsageException;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code Cloud} is the managed-Kubernetes platform a cluster runs on, which selects a cloud
 * overlay ({@code profiles/cloud/<id>.yaml}). {@code none} is any other Kubernetes.
 */
public enum Cloud {
  NONE("none"),
  EKS("eks"),
  AKS("aks"),
  GKE("gke");

  /** The spec value that asks rig to detect the cloud from the cluster's nodes. */
  public static final String AUTO = "auto";

  private final String id;

  Cloud(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** Whether a cloud overlay file exists for this platform. */
  public boolean hasOverlay() {
    return this != NONE;
  }

  /** The platform named {@code id} ({@code auto} is not one; resolve it first). */
  public static Cloud of(String id) {
    return find(id).orElseThrow(() -> new UsageException("unknown cloud \"" + id + "\"; valid: " + AUTO + ", " + ids()));
  }

  public static Optional<Cloud> find(String id) {
    return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
  }

  public static String ids() {
    return Arrays.stream(values()).map(Cloud::id).collect(Collectors.joining(", "));
  }
}
