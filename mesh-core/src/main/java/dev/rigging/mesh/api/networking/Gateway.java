package dev.rigging.mesh.api.networking;

import java.util.List;
import java.util.Map;

/**
 * {@code Gateway} is the spec of a networking.istio.io Gateway: the ports, protocols and hosts a
 * set of gateway proxies (chosen by {@link #selector()}) expose.
 */
public record Gateway(List<Server> servers, Map<String, String> selector) {

  public Gateway {
    servers = Nulls.list(servers);
    selector = Nulls.map(selector);
  }

  /** One listening port with its protocol, hosts and TLS settings. */
  public record Server(Port port, String bind, List<String> hosts, ServerTLSSettings tls, String defaultEndpoint, String name) {
    public Server {
      hosts = Nulls.list(hosts);
    }
  }

  /** A port: number, protocol (HTTP, HTTPS, GRPC, HTTP2, MONGO, TCP, TLS), name. */
  public record Port(Integer number, String protocol, String name, Integer targetPort) {}

  /** TLS modes on a gateway server. */
  public enum ServerTLSMode { PASSTHROUGH, SIMPLE, MUTUAL, AUTO_PASSTHROUGH, ISTIO_MUTUAL, OPTIONAL_MUTUAL }

  /** TLS protocol versions. */
  public enum TLSProtocol { TLS_AUTO, TLSV1_0, TLSV1_1, TLSV1_2, TLSV1_3 }

  /**
   * TLS settings of a gateway server (also used by Sidecar ingress listeners). Certificates come
   * from one of: files ({@code serverCertificate}/{@code privateKey}), {@code credentialName},
   * {@code credentialNames} or {@code tlsCertificates}.
   */
  public record ServerTLSSettings(
      Boolean httpsRedirect,
      ServerTLSMode mode,
      String serverCertificate,
      String privateKey,
      String caCertificates,
      String caCrl,
      String credentialName,
      List<String> credentialNames,
      String caCertCredentialName,
      List<TLSCertificate> tlsCertificates,
      List<String> subjectAltNames,
      List<String> verifyCertificateSpki,
      List<String> verifyCertificateHash,
      TLSProtocol minProtocolVersion,
      TLSProtocol maxProtocolVersion,
      List<String> cipherSuites) {
    public ServerTLSSettings {
      credentialNames = Nulls.list(credentialNames);
      tlsCertificates = Nulls.list(tlsCertificates);
      subjectAltNames = Nulls.list(subjectAltNames);
      verifyCertificateSpki = Nulls.list(verifyCertificateSpki);
      verifyCertificateHash = Nulls.list(verifyCertificateHash);
      cipherSuites = Nulls.list(cipherSuites);
    }
  }

  /** One certificate and key (files) for a server that serves several certificates, e.g. RSA and ECDSA. */
  public record TLSCertificate(String serverCertificate, String privateKey, String caCertificates) {}
}
