package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.networking.DestinationRule.ClientTLSSettings;
import dev.rigging.mesh.api.networking.DestinationRule.TLSMode;

/**
 * {@code ClientTlsValidator} checks upstream TLS settings: MUTUAL needs a client certificate and key
 * unless {@code credentialName} supplies them, a credential excludes file paths, and skipping
 * verification excludes the settings that only matter when verifying.
 */
final class ClientTlsValidator {
  private ClientTlsValidator() {}

  static void validate(Issues issues, String p, ClientTLSSettings tls) {
    if (tls == null) {
      return;
    }
    TLSMode mode = tls.mode() == null ? TLSMode.DISABLE : tls.mode();
    boolean credential = present(tls.credentialName());
    if (Boolean.TRUE.equals(tls.insecureSkipVerify())) {
      if (mode == TLSMode.SIMPLE && (present(tls.caCertificates()) || credential || !tls.subjectAltNames().isEmpty())) {
        issues.error(p + ".insecureSkipVerify",
            "insecureSkipVerify skips verification; remove caCertificates, credentialName and subjectAltNames, or set it to false");
      }
      if (mode == TLSMode.MUTUAL && (present(tls.caCertificates()) || !tls.subjectAltNames().isEmpty())) {
        issues.error(p + ".insecureSkipVerify",
            "insecureSkipVerify skips verification; remove caCertificates and subjectAltNames, or set it to false");
      }
    }
    if ((mode == TLSMode.SIMPLE || mode == TLSMode.MUTUAL) && credential) {
      if (present(tls.clientCertificate()) || present(tls.privateKey()) || present(tls.caCertificates()) || present(tls.caCrl())) {
        issues.error(p + ".credentialName",
            "credentialName supplies the certificates; remove clientCertificate, privateKey, caCertificates and caCrl");
      }
      return;
    }
    if (mode == TLSMode.MUTUAL) {
      if (!present(tls.clientCertificate())) {
        issues.error(p + ".clientCertificate", "MUTUAL TLS needs clientCertificate and privateKey (file paths), or credentialName");
      }
      if (!present(tls.privateKey())) {
        issues.error(p + ".privateKey", "MUTUAL TLS needs clientCertificate and privateKey (file paths), or credentialName");
      }
    }
  }

  private static boolean present(String s) {
    return s != null && !s.isEmpty();
  }
}
