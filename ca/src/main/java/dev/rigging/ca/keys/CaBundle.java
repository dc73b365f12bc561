package dev.rigging.ca.keys;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code CaBundle} is the stored form of the CA's keys: Istio's four PEM files, as they appear in
 * a {@code cacerts} directory, in {@code rigging.ca.dir} and in Secret {@code istio-ca-secret}.
 *
 * @param caCert {@value #CA_CERT}: the certificate that signs leaves
 * @param caKey {@value #CA_KEY}: its private key
 * @param certChain {@value #CERT_CHAIN}: {@code caCert}'s issuers up to (optionally including) the
 *     root; empty for a self-signed root
 * @param rootCerts {@value #ROOT_CERT}: every trusted root, the active one first
 */
public record CaBundle(String caCert, String caKey, String certChain, String rootCerts) {
  public static final String CA_CERT = "ca-cert.pem";
  public static final String CA_KEY = "ca-key.pem";
  public static final String CERT_CHAIN = "cert-chain.pem";
  public static final String ROOT_CERT = "root-cert.pem";

  public CaBundle {
    Objects.requireNonNull(caCert, CA_CERT);
    Objects.requireNonNull(caKey, CA_KEY);
    certChain = certChain == null ? "" : certChain;
    rootCerts = rootCerts == null ? "" : rootCerts;
  }

  /** The bundle as file name → bytes. */
  public Map<String, byte[]> files() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(CA_CERT, caCert.getBytes(StandardCharsets.US_ASCII));
    files.put(CA_KEY, caKey.getBytes(StandardCharsets.US_ASCII));
    files.put(CERT_CHAIN, certChain.getBytes(StandardCharsets.US_ASCII));
    files.put(ROOT_CERT, rootCerts.getBytes(StandardCharsets.US_ASCII));
    return files;
  }

  /**
   * A bundle from file name → bytes, when it has at least {@value #CA_CERT} and {@value #CA_KEY}
   * (a Secret written by upstream istiod has only those two).
   */
  public static Optional<CaBundle> fromFiles(Map<String, byte[]> files) {
    if (files.get(CA_CERT) == null || files.get(CA_KEY) == null) {
      return Optional.empty();
    }
    return Optional.of(new CaBundle(text(files.get(CA_CERT)), text(files.get(CA_KEY)), text(files.get(CERT_CHAIN)),
        text(files.get(ROOT_CERT))));
  }

  private static String text(byte[] bytes) {
    return bytes == null ? "" : new String(bytes, StandardCharsets.US_ASCII);
  }

  // The key must never reach a log line through a record's generated toString.
  @Override
  public String toString() {
    return "CaBundle[" + CA_CERT + ", " + CA_KEY + " (redacted), " + CERT_CHAIN + ", " + ROOT_CERT + "]";
  }
}
