package dev.rigging.ca.tls;

import dev.rigging.ca.IssuedChain;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * {@code RotatingKeyManager} serves whatever certificate its supplier returns at handshake time,
 * so a renewed serving certificate is used by the next handshake without restarting the server.
 *
 * <p>JSSE asks for the alias, then the chain and the key in separate calls; each certificate
 * version gets its own alias so those calls can never mix a new chain with an old key.
 */
final class RotatingKeyManager extends X509ExtendedKeyManager {
  private static final int KEPT_VERSIONS = 8;
  private static final Set<String> EC_KEY_TYPES = Set.of("EC", "ECDSA", "EC_EC", "ECDHE_ECDSA");
  private static final Set<String> RSA_KEY_TYPES = Set.of("RSA", "ECDHE_RSA", "DHE_RSA");

  private final Supplier<IssuedChain> source;
  private final Map<String, IssuedChain> versions = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, IssuedChain> eldest) {
      return size() > KEPT_VERSIONS;
    }
  };
  private IssuedChain last;
  private String lastAlias;
  private long version;

  RotatingKeyManager(Supplier<IssuedChain> source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return chooseServerAlias(keyType, issuers, (Socket) null);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    IssuedChain current = source.get();
    if (current == null || current.privateKey().isEmpty() || !matches(keyType, current.privateKey().get())) {
      return null;
    }
    return aliasOf(current);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = chooseServerAlias(keyType, issuers, (Socket) null);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public synchronized X509Certificate[] getCertificateChain(String alias) {
    IssuedChain chain = versions.get(alias);
    return chain == null ? null : chain.certificates().toArray(X509Certificate[]::new);
  }

  @Override
  public synchronized PrivateKey getPrivateKey(String alias) {
    IssuedChain chain = versions.get(alias);
    return chain == null ? null : chain.privateKey().orElse(null);
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  private synchronized String aliasOf(IssuedChain chain) {
    if (chain != last) {
      last = chain;
      lastAlias = "serving-" + (++version);
      versions.put(lastAlias, chain);
    }
    return lastAlias;
  }

  // TLS 1.2 asks by key exchange ("EC", "ECDHE_RSA"…); BCJSSE's TLS 1.3 asks by signature
  // scheme, naming the curve ("EC/secp256r1"), which must then be the key's own curve.
  static boolean matches(String keyType, PrivateKey key) {
    if (key instanceof ECKey ec && keyType.startsWith("EC/")) {
      return keyType.substring(3).equals(curveName(ec));
    }
    return switch (key.getAlgorithm()) {
      case "EC", "ECDSA" -> EC_KEY_TYPES.contains(keyType);
      case "RSA" -> RSA_KEY_TYPES.contains(keyType);
      default -> false;
    };
  }

  private static String curveName(ECKey key) {
    return switch (key.getParams().getOrder().bitLength()) {
      case 256 -> "secp256r1";
      case 384 -> "secp384r1";
      case 521 -> "secp521r1";
      default -> "unknown";
    };
  }
}
