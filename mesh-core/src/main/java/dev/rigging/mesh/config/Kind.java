package dev.rigging.mesh.config;

import dev.rigging.mesh.api.networking.DestinationRule;
import dev.rigging.mesh.api.networking.Gateway;
import dev.rigging.mesh.api.networking.ServiceEntry;
import dev.rigging.mesh.api.networking.Sidecar;
import dev.rigging.mesh.api.networking.VirtualService;
import dev.rigging.mesh.api.networking.WorkloadEntry;
import dev.rigging.mesh.api.security.AuthorizationPolicy;
import dev.rigging.mesh.api.security.PeerAuthentication;
import dev.rigging.mesh.api.security.RequestAuthentication;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code Kind} is the closed set of Istio kinds Rigging understands, with their API group, plural,
 * short names, the versions the API server serves and the one it stores (as Istio's CRDs declare
 * them; see {@link ApiGroup}).
 */
public enum Kind {
  VIRTUAL_SERVICE(ApiGroup.NETWORKING, "VirtualService", "virtualservices", VirtualService.class, List.of("vs")),
  DESTINATION_RULE(ApiGroup.NETWORKING, "DestinationRule", "destinationrules", DestinationRule.class, List.of("dr")),
  SERVICE_ENTRY(ApiGroup.NETWORKING, "ServiceEntry", "serviceentries", ServiceEntry.class, List.of("se")),
  WORKLOAD_ENTRY(ApiGroup.NETWORKING, "WorkloadEntry", "workloadentries", WorkloadEntry.class, List.of("we")),
  GATEWAY(ApiGroup.NETWORKING, "Gateway", "gateways", Gateway.class, List.of("gw")),
  SIDECAR(ApiGroup.NETWORKING, "Sidecar", "sidecars", Sidecar.class, List.of()),
  PEER_AUTHENTICATION(ApiGroup.SECURITY, "PeerAuthentication", "peerauthentications", PeerAuthentication.class,
      List.of("pa")),
  AUTHORIZATION_POLICY(ApiGroup.SECURITY, "AuthorizationPolicy", "authorizationpolicies", AuthorizationPolicy.class,
      List.of("ap")),
  REQUEST_AUTHENTICATION(ApiGroup.SECURITY, "RequestAuthentication", "requestauthentications",
      RequestAuthentication.class, List.of("ra"));

  /** {@code networking.istio.io}. */
  public static final String NETWORKING_GROUP = ApiGroup.NETWORKING.groupName();
  /** {@code security.istio.io}. */
  public static final String SECURITY_GROUP = ApiGroup.SECURITY.groupName();

  private final ApiGroup apiGroup;
  private final String kindName;
  private final String plural;
  private final Class<?> specClass;
  private final List<String> shortNames;

  Kind(ApiGroup apiGroup, String kindName, String plural, Class<?> specClass, List<String> shortNames) {
    this.apiGroup = apiGroup;
    this.kindName = kindName;
    this.plural = plural;
    this.specClass = specClass;
    this.shortNames = List.copyOf(shortNames);
  }

  /** The Kubernetes kind, e.g. {@code VirtualService}. */
  public String kindName() {
    return kindName;
  }

  /** The API group of this kind, with its versions. */
  public ApiGroup apiGroup() {
    return apiGroup;
  }

  /** The API group name, e.g. {@code networking.istio.io}. */
  public String group() {
    return apiGroup.groupName();
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
    return apiGroup.servedVersions();
  }

  /** The storage version; it only matters for what etcd holds. */
  public String storageVersion() {
    return apiGroup.storageVersion();
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
