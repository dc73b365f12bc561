package dev.rigging.ca.app;

import dev.rigging.ca.CertificateAuthority;
import dev.rigging.ca.auth.Authenticator;
import dev.rigging.ca.auth.ClientCertificateAuthenticator;
import dev.rigging.ca.auth.ClusterAuthenticators;
import dev.rigging.ca.auth.JwtAuthenticator;
import dev.rigging.ca.auth.TokenReviewAuthenticator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code AuthenticatorFactory} builds the app's caller authentication from its configuration: a
 * client certificate issued by this CA, or a bearer token verified by the caller's cluster —
 * TokenReview for the local cluster in Kubernetes mode, a JWKS file or OIDC issuer otherwise.
 */
final class AuthenticatorFactory {
  private AuthenticatorFactory() {}

  static Authenticator create(CaAppConfig config, CertificateAuthority ca, boolean kubernetes,
      Supplier<KubernetesClient> client) {
    Authenticator local = kubernetes
        ? new TokenReviewAuthenticator(client.get(), ca.trustDomain(), config.jwt().audience())
        : jwt("rigging.ca.jwt", config.jwt().jwksFile(), config.jwt().issuer(), config.jwt().audience(), ca.trustDomain());
    ClusterAuthenticators clusters = new ClusterAuthenticators(config.clusterId(), local);
    for (Map.Entry<String, CaAppConfig.RemoteCluster> remote : config.jwt().remoteClusters().entrySet()) {
      CaAppConfig.RemoteCluster c = remote.getValue();
      clusters.put(remote.getKey(), jwt("rigging.ca.jwt.remote-clusters." + remote.getKey(), c.jwksFile(), c.issuer(),
          c.audience(), ca.trustDomain()));
    }
    return Authenticator.firstOf(List.of(new ClientCertificateAuthenticator(ca.trustDomain(), ca::trustedRoots), clusters));
  }

  private static Authenticator jwt(String prefix, Optional<Path> jwksFile, Optional<String> issuer, String audience,
      String trustDomain) {
    if (jwksFile.isPresent()) {
      return JwtAuthenticator.jwksFile(jwksFile.get(), audience, issuer, trustDomain);
    }
    if (issuer.isPresent()) {
      return JwtAuthenticator.oidcIssuer(URI.create(issuer.get()), audience, trustDomain);
    }
    throw new IllegalArgumentException(prefix + ": set jwks-file (a JWKS file) or issuer (an OIDC issuer URL) "
        + "to verify service-account tokens");
  }
}
