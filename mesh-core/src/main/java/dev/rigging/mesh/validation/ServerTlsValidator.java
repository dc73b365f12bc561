package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.networking.Gateway.ServerTLSMode;
import dev.rigging.mesh.api.networking.Gateway.ServerTLSSettings;
import dev.rigging.mesh.api.networking.Gateway.TLSProtocol;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code ServerTlsValidator} checks TLS termination settings (Gateway servers and Sidecar ingress):
 * SIMPLE and MUTUAL need certificates from files or a credential, ISTIO_MUTUAL uses the mesh's own
 * and accepts none, and only one way of supplying credentials may be used.
 */
final class ServerTlsValidator {
  private ServerTlsValidator() {}

  static void validate(Issues issues, String p, ServerTLSSettings tls) {
    if (tls == null) {
      return;
    }
    if ((tls.minProtocolVersion() == TLSProtocol.TLSV1_0 || tls.minProtocolVersion() == TLSProtocol.TLSV1_1)
        && tls.cipherSuites().isEmpty()) {
      issues.warn(p + ".minProtocolVersion", "TLS versions below 1.2 need cipherSuites that support them; the defaults do not");
    }
    Set<String> ciphers = new HashSet<>();
    for (int i = 0; i < tls.cipherSuites().size(); i++) {
      if (!ciphers.add(tls.cipherSuites().get(i))) {
        issues.warn(Issues.at(p + ".cipherSuites", i), "duplicate cipher suite \"" + tls.cipherSuites().get(i) + "\" is ignored");
      }
    }
    int sources = (present(tls.credentialName()) ? 1 : 0) + (tls.credentialNames().isEmpty() ? 0 : 1) + (tls.tlsCertificates().isEmpty() ? 0 : 1);
    if (sources > 1) {
      issues.error(p, "set only one of credentialName, credentialNames or tlsCertificates");
    }
    if (tls.credentialNames().size() > 2) {
      issues.error(p + ".credentialNames", "at most 2 credentialNames (e.g. one RSA and one ECDSA certificate), not " + tls.credentialNames().size());
    }
    if (tls.tlsCertificates().size() > 2) {
      issues.error(p + ".tlsCertificates", "at most 2 tlsCertificates (e.g. one RSA and one ECDSA certificate), not " + tls.tlsCertificates().size());
    }
    ServerTLSMode mode = tls.mode() == null ? ServerTLSMode.PASSTHROUGH : tls.mode();
    if (mode == ServerTLSMode.ISTIO_MUTUAL) {
      String why = " cannot be set with ISTIO_MUTUAL, which uses the mesh certificates; remove it or use MUTUAL";
      forbid(issues, p + ".serverCertificate", tls.serverCertificate(), "serverCertificate" + why);
      forbid(issues, p + ".privateKey", tls.privateKey(), "privateKey" + why);
      forbid(issues, p + ".caCertificates", tls.caCertificates(), "caCertificates" + why);
      forbid(issues, p + ".credentialName", tls.credentialName(), "credentialName" + why);
      return;
    }
    if ((mode == ServerTLSMode.PASSTHROUGH || mode == ServerTLSMode.AUTO_PASSTHROUGH)
        && (present(tls.caCrl()) || present(tls.serverCertificate()) || present(tls.privateKey())
            || present(tls.caCertificates()) || present(tls.credentialName()))) {
      issues.warn(p, mode + " does not terminate TLS; its certificates are ignored");
    }
    boolean terminating = mode == ServerTLSMode.SIMPLE || mode == ServerTLSMode.MUTUAL || mode == ServerTLSMode.OPTIONAL_MUTUAL;
    if (terminating && sources > 0) {
      // certificates (and for MUTUAL the CA) come from the credential store
      return;
    }
    if (mode == ServerTLSMode.SIMPLE) {
      require(issues, p + ".serverCertificate", tls.serverCertificate(), "SIMPLE TLS needs serverCertificate and privateKey, or credentialName");
      require(issues, p + ".privateKey", tls.privateKey(), "SIMPLE TLS needs serverCertificate and privateKey, or credentialName");
    } else if (mode == ServerTLSMode.MUTUAL || mode == ServerTLSMode.OPTIONAL_MUTUAL) {
      String need = mode + " TLS needs serverCertificate, privateKey and caCertificates, or credentialName";
      require(issues, p + ".serverCertificate", tls.serverCertificate(), need);
      require(issues, p + ".privateKey", tls.privateKey(), need);
      require(issues, p + ".caCertificates", tls.caCertificates(), need);
    }
    if (present(tls.caCrl())) {
      if (present(tls.credentialName())) {
        issues.error(p + ".caCrl", "caCrl cannot be combined with credentialName; put the CRL in the credential");
      }
      if (mode == ServerTLSMode.SIMPLE) {
        issues.error(p + ".caCrl", "caCrl has no effect with SIMPLE TLS, which does not verify clients; use MUTUAL or remove it");
      }
    }
  }

  private static void forbid(Issues issues, String field, String value, String message) {
    if (present(value)) {
      issues.error(field, message);
    }
  }

  private static void require(Issues issues, String field, String value, String message) {
    if (!present(value)) {
      issues.error(field, message);
    }
  }

  private static boolean present(String s) {
    return s != null && !s.isEmpty();
  }
}
