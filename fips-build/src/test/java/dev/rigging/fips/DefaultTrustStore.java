package dev.rigging.fips;

import dev.rigging.ca.crypto.Fips;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * {@code DefaultTrustStore} makes a variant's CA roots the test JVM's default trust store (a BCFKS
 * file named by {@code javax.net.ssl.trustStore*}) until it is closed, which restores the previous
 * properties. grpc-java 1.79's {@code tls} xDS channel creds ignore their {@code config} and trust
 * only the JVM default (see {@link IstiodLiteVariantGrpcXdsTest}).
 */
final class DefaultTrustStore implements AutoCloseable {
  private static final String PASSWORD = "fips-test-trust";
  private static final List<String> PROPERTIES =
      List.of("javax.net.ssl.trustStore", "javax.net.ssl.trustStoreType", "javax.net.ssl.trustStorePassword");

  private final Properties saved = new Properties();

  private DefaultTrustStore() {
    for (String key : PROPERTIES) {
      if (System.getProperty(key) != null) {
        saved.setProperty(key, System.getProperty(key));
      }
    }
  }

  /** Writes {@code roots} to {@code file} (BCFKS) and points the JVM's default trust store at it. */
  static DefaultTrustStore of(List<X509Certificate> roots, Path file) throws IOException, GeneralSecurityException {
    Objects.requireNonNull(roots, "roots");
    KeyStore store = KeyStore.getInstance("BCFKS", Fips.PROVIDER);
    store.load(null, null);
    for (int i = 0; i < roots.size(); i++) {
      store.setCertificateEntry("variant-root-" + i, roots.get(i));
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, PASSWORD.toCharArray());
    }
    DefaultTrustStore trust = new DefaultTrustStore();
    System.setProperty("javax.net.ssl.trustStore", file.toString());
    System.setProperty("javax.net.ssl.trustStoreType", "BCFKS");
    System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
    return trust;
  }

  @Override
  public void close() {
    for (String key : PROPERTIES) {
      if (saved.containsKey(key)) {
        System.setProperty(key, saved.getProperty(key));
      } else {
        System.clearProperty(key);
      }
    }
  }
}
