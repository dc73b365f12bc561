package dev.rigging.mesh.config;

import dev.rigging.mesh.api.networking.DestinationRule;
import dev.rigging.mesh.api.networking.Gateway;
import dev.rigging.mesh.api.networking.ServiceEntry;
import dev.rigging.mesh.api.networking.Sidecar;
import dev.rigging.mesh.api.networking.VirtualService;
import dev.rigging.mesh.api.networking.WorkloadEntry;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code Kind} is the closed set of Istio kinds Rigging understands, with their API group, plural,
 * the versions the API server serves and the one it stores (as Istio's CRDs declare them).
 */
public enum Kind {
  VIRTUAL_SERVICE("VirtualService", "virtualservices", VirtualService.class, List.of("vs")),
  DESTINATION_RULE("DestinationRule", "destinationrules", DestinationRule.class, List.of("dr")),
  SERVICE_ENTRY("ServiceEntry", "serviceentries", ServiceEntry.class, List.of("se")),
  WORKLOAD_ENTRY("WorkloadEntry", "workloadentries", WorkloadEntry.class, List.of("we")),
  GATEWAY("Gateway", "gateways", Gateway.class, List.of("gw")),
  SIDECAR("Sidecar", "sidecars", Sidecar.class, List.of());

  public static final String NETWORKING_GROUP = "networking.istio.io";
  private static final List<String> NETWORKING_VERSIONS = List.of("v1", "v1beta1", "v1alpha3");

  private final String kindName;
  private final String plural;
  private final Class<?> specClass;
  private final List<String> shortNames;

  Kind(String kindName, String plural, Class<?> specClass, List<String> shortNames) {
    this.kindName = kindName;
    this.plural = plural;
    this.specClass = specClass;
    this.shortNames = shortNames;
  }

  /** The Kubernetes kind, e.g. {@code VirtualService}. */
  public String kindName() {
    return kindName;
  }

  /** The API group, e.g. {@code networking.istio.io}. */
  public String group() {
    return NETWORKING_GROUP;
  }

  /** The resource plural, e.g. {@code virtualservices}. */
  public String plural() {
    return plural;
  }

  /** kubectl short names. */
  public List<String> shortNames() {
    return shortNames;
  }

  /** The record type of the spec. */
  public Class<?> specClass() {
    return specClass;
  }

  /** Versions served by the API server; all share one schema. */
  public List<String> servedVersions() {
    return NETWORKING_VERSIONS;
  }

  /**
   * The storage version. Istio's networking CRDs store {@code v1} since Istio 1.27 (before that
   * v1beta1, and v1alpha3 before that); all served versions share one schema, so the choice only
   * matters for what etcd holds.
   */
  public String storageVersion() {
    return "v1";
  }

  /** The version Rigging writes ({@code v1}). */
  public String preferredVersion() {
    return "v1";
  }

  /** {@code group/version} for the preferred version. */
  public String apiVersion() {
    return group() + "/" + preferredVersion();
  }

  /** The kind with this group and kind name, if any. */
  public static Optional<Kind> of(String group, String kindName) {
    return Arrays.stream(values())
        .filter(k -> k.group().equals(group) && k.kindName.equals(kindName))
        .findFirst();
  }
}
