package dev.rigging.istiod.networking;

import com.google.protobuf.ByteString;
import dev.rigging.istiod.config.Credential;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.ProxyType;
import dev.rigging.istiod.model.PushContext;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code CredentialSecrets} builds the SDS secrets istiod serves over ADS for {@code credentialName}
 * ({@link SdsSecrets#credential}), the way Istio names them: {@code kubernetes://NAME} holds the
 * certificate and key of Secret {@code NAME}, {@code kubernetes://NAME-cacert} its trust anchors
 * (and CRL) — or, when {@code NAME} has none, those of a Secret called {@code NAME-cacert}.
 *
 * <p>Only a gateway proxy whose stream authenticated as a workload of the Secrets' namespace gets
 * them ({@link Proxy#mayReadCredentials()}), as in Istio, where the gateway's service account must
 * be allowed to read Secrets there; every other proxy gets none.
 */
public final class CredentialSecrets {
  private static final String PREFIX = "kubernetes://";

  private CredentialSecrets() {}

  private record Key(String namespace) {}

  /** The secrets for {@code proxy}, sorted by name. */
  public static List<Secret> build(PushContext push, Proxy proxy) {
    if (proxy.type() != ProxyType.ROUTER || !proxy.mayReadCredentials()) {
      return List.of();
    }
    return push.memo(new Key(proxy.namespace()), () -> forNamespace(push.config().credentials(), proxy.namespace()));
  }

  static List<Secret> forNamespace(Map<String, Credential> credentials, String namespace) {
    List<Credential> here = credentials.values().stream().filter(c -> c.namespace().equals(namespace))
        .sorted(Comparator.comparing(Credential::name)).toList();
    Map<String, Secret> out = new TreeMap<>();
    for (Credential c : here) {
      if (c.hasCertificate()) {
        out.put(PREFIX + c.name(), Secret.newBuilder().setName(PREFIX + c.name())
            .setTlsCertificate(TlsCertificate.newBuilder()
                .setCertificateChain(inline(c.certificateChain()))
                .setPrivateKey(inline(c.privateKey())))
            .build());
      }
      if (c.hasCaCertificates()) {
        String name = PREFIX + c.name() + SdsSecrets.CA_SUFFIX;
        out.put(name, validation(name, c));
      }
    }
    // A separate NAME-cacert Secret serves kubernetes://NAME-cacert when NAME itself carries no CA.
    for (Credential c : here) {
      if (c.hasCaCertificates() && c.name().endsWith(SdsSecrets.CA_SUFFIX)) {
        out.putIfAbsent(PREFIX + c.name(), validation(PREFIX + c.name(), c));
      }
    }
    return List.copyOf(new ArrayList<>(out.values()));
  }

  private static Secret validation(String name, Credential c) {
    CertificateValidationContext.Builder v = CertificateValidationContext.newBuilder()
        .setTrustedCa(inline(c.caCertificates()));
    if (c.caCrl() != null) {
      v.setCrl(inline(c.caCrl()));
    }
    return Secret.newBuilder().setName(name).setValidationContext(v).build();
  }

  private static DataSource inline(String pem) {
    return DataSource.newBuilder().setInlineBytes(ByteString.copyFrom(pem, StandardCharsets.UTF_8)).build();
  }
}
