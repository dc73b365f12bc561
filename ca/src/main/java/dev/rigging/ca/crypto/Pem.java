package dev.rigging.ca.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * {@code Pem} reads and writes the PEM forms the CA exchanges: certificates, PKCS#8 and legacy
 * (PKCS#1 / SEC1) private keys, and PKCS#10 requests, all through the FIPS provider.
 */
public final class Pem {
  private Pem() {}

  /** Every certificate in {@code pem}, in order; an empty or blank string gives an empty list. */
  public static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
    List<X509Certificate> certificates = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter().setProvider(Fips.PROVIDER);
    try (PEMParser parser = new PEMParser(new StringReader(pem == null ? "" : pem))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (!(o instanceof X509CertificateHolder holder)) {
          throw new CertificateException("expected only CERTIFICATE blocks, found " + o.getClass().getSimpleName());
        }
        certificates.add(converter.getCertificate(holder));
      }
    } catch (IOException e) {
      throw new CertificateException("malformed PEM: " + e.getMessage(), e);
    }
    return certificates;
  }

  /** The single private key in {@code pem} (PKCS#8, or a PKCS#1/SEC1 key pair). */
  public static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(Fips.PROVIDER);
    try (PEMParser parser = new PEMParser(new StringReader(pem == null ? "" : pem))) {
      Object o = parser.readObject();
      PrivateKey key;
      if (o instanceof PrivateKeyInfo info) {
        key = converter.getPrivateKey(info);
      } else if (o instanceof PEMKeyPair pair) {
        key = converter.getPrivateKey(pair.getPrivateKeyInfo());
      } else {
        throw new GeneralSecurityException("expected one unencrypted private key, found "
            + (o == null ? "nothing" : o.getClass().getSimpleName()));
      }
      if (parser.readObject() != null) {
        throw new GeneralSecurityException("expected one private key, found more PEM blocks");
      }
      return key;
    } catch (IOException e) {
      throw new GeneralSecurityException("malformed private key PEM: " + e.getMessage(), e);
    }
  }

  /** The single certificate request in {@code pem}. */
  public static PKCS10CertificationRequest csr(String pem) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(pem == null ? "" : pem))) {
      Object o = parser.readObject();
      if (!(o instanceof PKCS10CertificationRequest csr)) {
        throw new IOException("expected a CERTIFICATE REQUEST block, found "
            + (o == null ? "nothing" : o.getClass().getSimpleName()));
      }
      if (parser.readObject() != null) {
        throw new IOException("expected one certificate request, found more PEM blocks");
      }
      return csr;
    }
  }

  /**
   * One PEM block for {@code certificate}, ending with a newline: its DER encoding in base64, 64
   * characters a line (RFC 7468), written directly rather than through {@link JcaPEMWriter}, which
   * parses the certificate into an ASN.1 structure and encodes it again (about 7 % of the
   * CreateCertificate call threads' time with an RSA CA).
   */
  public static String encode(X509Certificate certificate) {
    try {
      return block("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
    }
  }

  /** The certificates concatenated, each as its own PEM block. */
  public static String encode(List<X509Certificate> certificates) {
    StringBuilder out = new StringBuilder();
    certificates.forEach(c -> out.append(encode(c)));
    return out.toString();
  }

  /** {@code key} as an unencrypted PKCS#8 {@code PRIVATE KEY} block. */
  public static String encode(PrivateKey key) {
    try {
      return write(new JcaPKCS8Generator(key, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code csr} as a {@code CERTIFICATE REQUEST} block. */
  public static String encode(PKCS10CertificationRequest csr) {
    return write(csr);
  }

  private static final Base64.Encoder LINES = Base64.getMimeEncoder(64, new byte[] {'\n'});

  private static String block(String type, byte[] der) {
    String body = LINES.encodeToString(der);
    return new StringBuilder(body.length() + 2 * type.length() + 32)
        .append("-----BEGIN ").append(type).append("-----\n")
        .append(body).append('\n')
        .append("-----END ").append(type).append("-----\n").toString();
  }

  private static String write(Object o) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      if (o instanceof PemObjectGenerator generator) {
        writer.writeObject(generator);
      } else {
        writer.writeObject(o);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
