package dev.rigging.ca.agent;

import dev.rigging.ca.crypto.Fips;
import dev.rigging.ca.crypto.KeyAlgorithm;
import dev.rigging.ca.crypto.Pem;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * {@code CsrFactory} makes a fresh key pair and a PKCS#10 request for it, with FIPS crypto. The
 * request names no identity: the CA signs the authenticated caller's, whatever a CSR asks for.
 */
final class CsrFactory {
  private CsrFactory() {}

  /** A key pair and its CSR in PEM. */
  record Request(KeyPair keys, String csrPem) {}

  static Request create(KeyAlgorithm algorithm) throws GeneralSecurityException {
    KeyPair keys = algorithm.generate();
    try {
      JcaPKCS10CertificationRequestBuilder builder =
          new JcaPKCS10CertificationRequestBuilder(new X500Name(new org.bouncycastle.asn1.x500.RDN[0]), keys.getPublic());
      var signer = new JcaContentSignerBuilder(KeyAlgorithm.signatureAlgorithm(keys.getPrivate()))
          .setProvider(Fips.PROVIDER).build(keys.getPrivate());
      return new Request(keys, Pem.encode(builder.build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot build the certificate request: " + e.getMessage(), e);
    }
  }
}
