package dev.rigging.mesh.config;

import java.util.List;

/**
 * {@code ApiGroup} is an Istio API group with the versions its CRDs serve and the one they store,
 * as Istio's current CRDs ({@code manifests/charts/base/files/crd-all.gen.yaml}) declare them.
 * Every kind of a group shares one schema across the served versions, so the version only decides
 * what an object is written as, never what it may contain.
 */
public enum ApiGroup {
  /**
   * networking.istio.io. Istio stores {@code v1} since Istio 1.27 (before that {@code v1beta1}, and
   * {@code v1alpha3} before that).
   */
  NETWORKING("networking.istio.io", List.of("v1", "v1beta1", "v1alpha3"), "v1"),
  /**
   * security.istio.io. Istio stores {@code v1} in its current CRDs; releases before the switch
   * stored {@code v1beta1}. Objects read at either version are the same.
   */
  SECURITY("security.istio.io", List.of("v1", "v1beta1"), "v1");

  private final String groupName;
  private final List<String> servedVersions;
  private final String storageVersion;

  ApiGroup(String groupName, List<String> servedVersions, String storageVersion) {
    this.groupName = groupName;
    this.servedVersions = List.copyOf(servedVersions);
    this.storageVersion = storageVersion;
    if (!servedVersions.contains(storageVersion)) {
      throw new IllegalArgumentException("storage version " + storageVersion + " is not served by " + groupName);
    }
  }

  /** The group name, e.g. {@code security.istio.io}. */
  public String groupName() {
    return groupName;
  }

  /** Versions the API server serves, newest first. */
  public List<String> servedVersions() {
    return servedVersions;
  }

  /** The version etcd holds. */
  public String storageVersion() {
    return storageVersion;
  }

  /** The CRD category Istio gives the group's kinds, e.g. {@code security-istio-io}. */
  public String category() {
    return groupName.replace('.', '-');
  }
}
