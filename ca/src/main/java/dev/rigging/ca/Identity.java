package dev.rigging.ca;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code Identity} is a workload identity: a Kubernetes service account in a trust domain,
 * written as the SPIFFE ID {@code spiffe://TRUST_DOMAIN/ns/NAMESPACE/sa/SERVICE_ACCOUNT}.
 *
 * <p>The parts are checked against Kubernetes' naming rules when the record is built, so a value
 * taken from a token or certificate cannot smuggle a {@code /} or other path syntax into the
 * SPIFFE ID the CA signs.
 */
public record Identity(String trustDomain, String namespace, String serviceAccount) {
  private static final String SERVICE_ACCOUNT_USER_PREFIX = "system:serviceaccount:";
  // SPIFFE trust domain: lowercase letters, digits, dots, dashes and underscores.
  private static final Pattern TRUST_DOMAIN = Pattern.compile("[a-z0-9._-]{1,255}");
  // Kubernetes namespace: a DNS-1123 label.
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  // Kubernetes service account: a DNS-1123 subdomain.
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  public Identity {
    Objects.requireNonNull(trustDomain, "trustDomain");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(serviceAccount, "serviceAccount");
    if (!TRUST_DOMAIN.matcher(trustDomain).matches()) {
      throw new IllegalArgumentException("trust domain '" + trustDomain + "' is not a valid SPIFFE trust domain");
    }
    if (!DNS_LABEL.matcher(namespace).matches()) {
      throw new IllegalArgumentException("namespace '" + namespace + "' is not a DNS-1123 label");
    }
    if (!DNS_SUBDOMAIN.matcher(serviceAccount).matches()) {
      throw new IllegalArgumentException("service account '" + serviceAccount + "' is not a DNS-1123 subdomain");
    }
  }

  /** {@code spiffe://TRUST_DOMAIN/ns/NAMESPACE/sa/SERVICE_ACCOUNT}. */
  public String spiffeId() {
    return "spiffe://" + trustDomain + "/ns/" + namespace + "/sa/" + serviceAccount;
  }

  /** {@link #spiffeId()} as a URI. */
  public URI spiffeUri() {
    return URI.create(spiffeId());
  }

  /**
   * The identity of a Kubernetes service-account user name ({@code system:serviceaccount:NS:SA}),
   * as found in a token's {@code sub} claim or a TokenReview's user.
   *
   * @throws IllegalArgumentException when {@code user} is not a service account
   */
  public static Identity fromServiceAccountUser(String trustDomain, String user) {
    if (user == null || !user.startsWith(SERVICE_ACCOUNT_USER_PREFIX)) {
      throw new IllegalArgumentException("'" + user + "' is not of the form system:serviceaccount:NAMESPACE:NAME");
    }
    String[] parts = user.substring(SERVICE_ACCOUNT_USER_PREFIX.length()).split(":", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("'" + user + "' is not of the form system:serviceaccount:NAMESPACE:NAME");
    }
    return new Identity(trustDomain, parts[0], parts[1]);
  }

  /** The identity named by a SPIFFE ID of exactly the form {@code spiffe://TD/ns/NS/sa/SA}, if it is one. */
  public static Optional<Identity> fromSpiffeId(String spiffeId) {
    if (spiffeId == null || !spiffeId.startsWith("spiffe://")) {
      return Optional.empty();
    }
    String[] parts = spiffeId.substring("spiffe://".length()).split("/", -1);
    if (parts.length != 5 || !"ns".equals(parts[1]) || !"sa".equals(parts[3])) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Identity(parts[0], parts[2], parts[4]));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return spiffeId();
  }
}
