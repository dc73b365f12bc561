package dev.rigging.istiod.model;

import java.util.Objects;

/**
 * {@code SpiffeIdentity} is a workload identity as Istio's CA issues it:
 * {@code spiffe://TRUST_DOMAIN/ns/NAMESPACE/sa/SERVICE_ACCOUNT}.
 */
public record SpiffeIdentity(String trustDomain, String namespace, String serviceAccount) {
  public SpiffeIdentity {
    Objects.requireNonNull(trustDomain, "trustDomain");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(serviceAccount, "serviceAccount");
  }

  /** The SPIFFE URI, as it appears in the certificate's URI SAN. */
  public String uri() {
    return "spiffe://" + trustDomain + "/ns/" + namespace + "/sa/" + serviceAccount;
  }
}
