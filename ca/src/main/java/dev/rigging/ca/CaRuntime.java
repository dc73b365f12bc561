package dev.rigging.ca;

import dev.rigging.ca.auth.AuthResult;
import dev.rigging.ca.auth.Authenticator;
import dev.rigging.ca.auth.ClientCertificateAuthenticator;
import dev.rigging.ca.auth.ClusterAuthenticators;
import dev.rigging.ca.auth.JwtAuthenticator;
import dev.rigging.ca.auth.TokenReviewAuthenticator;
import dev.rigging.ca.crypto.KeyAlgorithm;
import dev.rigging.ca.keys.RootCertPublisher;
import dev.rigging.ca.service.IstioCertificateServiceImpl;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * {@code CaRuntime} is a running CA as a component: the {@link CertificateAuthority}, the
 * CreateCertificate service with caller authentication built from {@link Settings}, and in
 * Kubernetes mode root publication to every namespace. The standalone CA app and istiod-lite both
 * start one and put {@link #service()} on their own gRPC servers.
 */
public final class CaRuntime implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(CaRuntime.class);

  private final CertificateAuthority ca;
  private final Authenticator authenticator;
  private final IstioCertificateServiceImpl service;
  private final RootCertPublisher publisher;

  /** How bearer tokens of one cluster are verified outside Kubernetes mode. */
  public record Jwt(Optional<Path> jwksFile, Optional<String> issuer, String audience) {
    public Jwt {
      Objects.requireNonNull(jwksFile, "jwksFile");
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(audience, "audience");
    }

    boolean configured() {
      return jwksFile.isPresent() || issuer.isPresent();
    }
  }

  /**
   * Everything a CA needs to start; property names in brackets as both apps spell them.
   *
   * @param kubernetes Kubernetes mode: keys in Secret {@code istio-ca-secret}, TokenReview for local tokens
   * @param dir file mode: where the self-signed root lives ({@code rigging.ca.dir})
   * @param namespace Kubernetes mode: the namespace of the CA Secret ({@code rigging.ca.namespace})
   * @param cacertsDir a plugged CA directory ({@code rigging.ca.cacerts-dir})
   * @param clusterId the local cluster's id; tokens with another {@code clusterid} need a remote entry
   * @param localJwt file mode: how local tokens are verified (JWKS file or OIDC issuer)
   * @param remoteClusters per cluster id, how its tokens are verified
   * @param publishRoots Kubernetes mode: keep ConfigMap {@code istio-ca-root-cert} in every namespace
   */
  public record Settings(
      String trustDomain,
      boolean kubernetes,
      Optional<Path> dir,
      String namespace,
      Optional<Path> cacertsDir,
      Duration cacertsReloadInterval,
      Duration defaultTtl,
      Duration maxTtl,
      String rootKeyAlgorithm,
      Duration rootValidity,
      double rootRotationThreshold,
      Duration rootCheckInterval,
      String clusterId,
      Jwt localJwt,
      Map<String, Jwt> remoteClusters,
      boolean publishRoots) {
    public Settings {
      Objects.requireNonNull(trustDomain, "trustDomain");
      Objects.requireNonNull(dir, "dir");
      Objects.requireNonNull(cacertsDir, "cacertsDir");
      Objects.requireNonNull(localJwt, "localJwt");
      remoteClusters = Map.copyOf(remoteClusters);
    }
  }

  private CaRuntime(CertificateAuthority ca, Authenticator authenticator, IstioCertificateServiceImpl service,
      RootCertPublisher publisher) {
    this.ca = ca;
    this.authenticator = authenticator;
    this.service = service;
    this.publisher = publisher;
  }

  /**
   * Starts a CA. The caller must have called {@code Fips.install()} first.
   *
   * @throws CaException when no usable signing material can be had (see {@link CertificateAuthority})
   */
  public static CaRuntime start(Settings s, Supplier<KubernetesClient> client, MeterRegistry registry)
      throws CaException {
    CaConfig.Storage storage = s.kubernetes()
        ? new CaConfig.Storage.KubernetesSecret(client.get(), s.namespace())
        : new CaConfig.Storage.Directory(s.dir().orElseThrow(
            () -> new IllegalArgumentException("rigging.ca.dir must be set in file mode")));
    CertificateAuthority ca = new CertificateAuthority(CaConfig.builder(storage)
        .trustDomain(s.trustDomain())
        .defaultTtl(s.defaultTtl())
        .maxTtl(s.maxTtl())
        .pluggedCertsDir(s.cacertsDir().orElse(null))
        .pluggedReloadInterval(s.cacertsReloadInterval())
        .rootKeyAlgorithm(KeyAlgorithm.parse(s.rootKeyAlgorithm()))
        .rootValidity(s.rootValidity())
        .rootRotationThreshold(s.rootRotationThreshold())
        .rootCheckInterval(s.rootCheckInterval())
        .build());
    try {
      Authenticator authenticator = authenticator(s, ca, client);
      IstioCertificateServiceImpl service = new IstioCertificateServiceImpl(ca, authenticator, registry);
      RootCertPublisher publisher = null;
      if (s.kubernetes() && s.publishRoots()) {
        publisher = new RootCertPublisher(client.get(), ca::trustedRoots);
        ca.addListener(publisher);
        publisher.start();
      }
      return new CaRuntime(ca, authenticator, service, publisher);
    } catch (RuntimeException e) {
      ca.close();
      throw e;
    }
  }

  /**
   * A client certificate this CA issued, or a bearer token verified by the caller's cluster:
   * TokenReview for the local cluster in Kubernetes mode, a JWKS file or OIDC issuer otherwise.
   */
  static Authenticator authenticator(Settings s, CertificateAuthority ca, Supplier<KubernetesClient> client) {
    Authenticator local;
    if (s.kubernetes()) {
      local = new TokenReviewAuthenticator(client.get(), ca.trustDomain(), s.localJwt().audience());
    } else if (s.localJwt().configured()) {
      local = jwt("rigging.ca.jwt", s.localJwt(), ca.trustDomain());
    } else {
      LOG.warn("ca: no rigging.ca.jwt.jwks-file or rigging.ca.jwt.issuer is set, so no bearer token can be verified; "
          + "only renewals with a certificate this CA issued are accepted");
      local = (headers, peers) -> new AuthResult.Rejected("bearer tokens are not accepted: the CA has no verifier "
          + "configured (rigging.ca.jwt.jwks-file or rigging.ca.jwt.issuer)");
    }
    ClusterAuthenticators clusters = new ClusterAuthenticators(s.clusterId(), local);
    s.remoteClusters().forEach((id, jwt) -> clusters.put(id, jwt("rigging.ca.jwt.remote-clusters." + id, jwt,
        ca.trustDomain())));
    return Authenticator.firstOf(List.of(new ClientCertificateAuthenticator(ca.trustDomain(), ca::trustedRoots),
        clusters));
  }

  private static Authenticator jwt(String prefix, Jwt jwt, String trustDomain) {
    if (jwt.jwksFile().isPresent()) {
      return JwtAuthenticator.jwksFile(jwt.jwksFile().get(), jwt.audience(), jwt.issuer(), trustDomain);
    }
    if (jwt.issuer().isPresent()) {
      return JwtAuthenticator.oidcIssuer(URI.create(jwt.issuer().get()), jwt.audience(), trustDomain);
    }
    throw new IllegalArgumentException(prefix + ": set jwks-file (a JWKS file) or issuer (an OIDC issuer URL) "
        + "to verify service-account tokens");
  }

  public CertificateAuthority ca() {
    return ca;
  }

  /**
   * How this CA authenticates callers (a certificate it issued, or a bearer token verified by the
   * caller's cluster). istiod-lite authenticates xDS streams with it, as istiod does, to decide
   * which proxies may receive credentials.
   */
  public Authenticator authenticator() {
    return authenticator;
  }

  /** The CreateCertificate service; register this one instance on every port that serves it. */
  public IstioCertificateServiceImpl service() {
    return service;
  }

  @Override
  public void close() {
    if (publisher != null) {
      publisher.close();
    }
    ca.close();
  }
}
