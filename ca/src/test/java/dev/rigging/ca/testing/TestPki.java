package dev.rigging.ca.testing;

import dev.rigging.ca.crypto.CertificateSigner;
import dev.rigging.ca.crypto.Fips;
import dev.rigging.ca.crypto.KeyAlgorithm;
import dev.rigging.ca.crypto.Pem;
import dev.rigging.ca.keys.CaBundle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** {@code TestPki} makes keys, CSRs and small CAs for tests, with the FIPS provider unless a test needs a forbidden input. */
public final class TestPki {
  static {
    Fips.install();
  }

  private TestPki() {}

  public static KeyPair ec256() {
    return generate(KeyAlgorithm.EC_P256);
  }

  public static KeyPair rsa2048() {
    return generate(KeyAlgorithm.RSA_2048);
  }

  public static KeyPair generate(KeyAlgorithm algorithm) {
    try {
      return algorithm.generate();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A CSR over {@code keys} asking for {@code uriSans}, signed with the FIPS provider. */
  public static String csr(KeyPair keys, String... uriSans) {
    try {
      ContentSigner signer = new JcaContentSignerBuilder(KeyAlgorithm.signatureAlgorithm(keys.getPrivate()))
          .setProvider(Fips.PROVIDER).build(keys.getPrivate());
      return Pem.encode(request(keys, uriSans).build(signer));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A CSR over {@code keys} signed with {@code signatureAlgorithm} (a JCA name, e.g. {@code SHA256withRSAandMGF1}). */
  public static String csrSignedWith(KeyPair keys, String signatureAlgorithm) {
    try {
      ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm).setProvider(Fips.PROVIDER).build(keys.getPrivate());
      return Pem.encode(request(keys).build(signer));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A CSR over a fresh key on {@code curve} (e.g. P-521: FIPS-approved, but not allowed by the CA's policy). */
  public static String csrOnCurve(String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Fips.PROVIDER);
      generator.initialize(new ECGenParameterSpec(curve));
      KeyPair keys = generator.generateKeyPair();
      ContentSigner signer = new JcaContentSignerBuilder("SHA512withECDSA").setProvider(Fips.PROVIDER).build(keys.getPrivate());
      return Pem.encode(request(keys).build(signer));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An RSA CSR that FIPS approved mode cannot produce — a 1024-bit key or a SHA-1 signature —
   * made with the JDK's own RSA provider on purpose (the CA must refuse it).
   */
  public static String nonFipsRsaCsr(int bits, String signatureAlgorithm) {
    try {
      String provider = "SunRsaSign";
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", provider);
      generator.initialize(bits);
      KeyPair keys = generator.generateKeyPair();
      AlgorithmIdentifier sigId = switch (signatureAlgorithm) {
        case "SHA256withRSA" -> new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption,
            org.bouncycastle.asn1.DERNull.INSTANCE);
        case "SHA1withRSA" -> new AlgorithmIdentifier(PKCSObjectIdentifiers.sha1WithRSAEncryption,
            org.bouncycastle.asn1.DERNull.INSTANCE);
        default -> throw new IllegalArgumentException(signatureAlgorithm);
      };
      Signature signature = Signature.getInstance(signatureAlgorithm, provider);
      signature.initSign(keys.getPrivate());
      ContentSigner signer = new ContentSigner() {
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
          return sigId;
        }

        @Override
        public OutputStream getOutputStream() {
          return data;
        }

        @Override
        public byte[] getSignature() {
          try {
            signature.update(data.toByteArray());
            return signature.sign();
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
          }
        }
      };
      return Pem.encode(request(keys, "spiffe://cluster.local/ns/default/sa/weak").build(signer));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code csrPem} with one bit of its signature flipped. */
  public static String breakSignature(String csrPem) {
    try {
      byte[] der = Pem.csr(csrPem).getEncoded();
      der[der.length - 5] ^= 0x01;
      return "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
          + "\n-----END CERTIFICATE REQUEST-----\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JcaPKCS10CertificationRequestBuilder request(KeyPair keys, String... uriSans) throws IOException {
    JcaPKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(
        new X500Name("O=test"), keys.getPublic());
    if (uriSans.length > 0) {
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(Arrays.stream(uriSans)
          .map(u -> new GeneralName(GeneralName.uniformResourceIdentifier, u)).toArray(GeneralName[]::new)));
      builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
    }
    return builder;
  }

  /** A CA made outside the CA under test: a root, optionally an intermediate that signs. */
  public record ExternalCa(X509Certificate root, PrivateKey rootKey, X509Certificate signer, PrivateKey signerKey) {
    /** As Istio's plugged {@code cacerts} files: the signer, its key, its chain and the root. */
    public CaBundle asPluggedBundle() {
      String chain = signer.equals(root) ? "" : Pem.encode(List.of(signer, root));
      return new CaBundle(Pem.encode(signer), Pem.encode(signerKey), chain, Pem.encode(root));
    }

    /** A workload certificate for {@code spiffeId} from this CA (e.g. to present as a foreign client certificate). */
    public X509Certificate issue(KeyPair keys, String spiffeId, Duration ttl) {
      try {
        Instant now = Instant.now();
        return CertificateSigner.workload(keys.getPublic(), URI.create(spiffeId), now.minusSeconds(60), now.plus(ttl),
            signer, signerKey);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A self-signed root named {@code name} signing directly. */
  public static ExternalCa rootCa(String name) {
    try {
      KeyPair keys = ec256();
      Instant now = Instant.now();
      X509Certificate root = CertificateSigner.root(new X500Principal("O=" + name), keys.getPublic(), keys.getPrivate(),
          now.minusSeconds(60), now.plus(Duration.ofDays(365)));
      return new ExternalCa(root, keys.getPrivate(), root, keys.getPrivate());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A root named {@code name} and an intermediate CA under it that signs. */
  public static ExternalCa intermediateCa(String name) {
    try {
      ExternalCa root = rootCa(name);
      KeyPair keys = ec256();
      Instant now = Instant.now();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(root.root(), BigInteger.valueOf(now.toEpochMilli()),
          Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(180))),
          new X500Principal("O=" + name + ", CN=intermediate"), keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Fips.PROVIDER).build(root.rootKey());
      X509Certificate intermediate = new JcaX509CertificateConverter().setProvider(Fips.PROVIDER)
          .getCertificate(builder.build(signer));
      return new ExternalCa(root.root(), root.rootKey(), intermediate, keys.getPrivate());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The certificates of a CA response, parsed. */
  public static List<X509Certificate> parse(List<String> pemChain) {
    return pemChain.stream().map(p -> {
      try {
        List<X509Certificate> certs = Pem.certificates(p);
        if (certs.size() != 1) {
          throw new AssertionError("chain element with " + certs.size() + " certificates: " + p);
        }
        return certs.get(0);
      } catch (GeneralSecurityException e) {
        throw new AssertionError(e);
      }
    }).toList();
  }
}
