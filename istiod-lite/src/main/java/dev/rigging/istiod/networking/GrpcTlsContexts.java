package dev.rigging.istiod.networking;

import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateProviderPluginInstance;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;

/**
 * {@code GrpcTlsContexts} makes the TLS contexts of proxyless gRPC clusters and server listeners.
 * grpc-java has no SDS: certificates come from the bootstrap's certificate provider instance
 * {@value #PROVIDER_INSTANCE} (Istio's agent writes it), the workload certificate as
 * {@value #WORKLOAD_CERT} and the trust bundle as {@value #ROOT_CA}, as Istio's gRPC generator
 * names them.
 *
 * <p>The trust bundle goes in {@code validation_context.ca_certificate_provider_instance}: grpc-java
 * reads roots only there, and accepts the deprecated
 * {@code validation_context_certificate_provider_instance} form without ever reading it, which
 * fails every handshake. grpc-java NACKs {@code tls_params}, so none are sent; clients check the
 * server's identity with {@code match_subject_alt_names} (URI SANs first), which grpc NACKs on
 * servers.
 */
final class GrpcTlsContexts {
  static final String PROVIDER_INSTANCE = "default";
  static final String WORKLOAD_CERT = "default";
  static final String ROOT_CA = "ROOTCA";

  private static final CertificateProviderPluginInstance IDENTITY = CertificateProviderPluginInstance.newBuilder()
      .setInstanceName(PROVIDER_INSTANCE).setCertificateName(WORKLOAD_CERT).build();
  private static final CertificateProviderPluginInstance ROOTS = CertificateProviderPluginInstance.newBuilder()
      .setInstanceName(PROVIDER_INSTANCE).setCertificateName(ROOT_CA).build();

  /**
   * Mutual TLS for servers: the workload certificate, client certificates required and checked
   * against the roots; no subject alt names (grpc NACKs them on servers, authorization is RBAC's).
   */
  static final DownstreamTlsContext SERVER = DownstreamTlsContext.newBuilder()
      .setCommonTlsContext(common(List.of()))
      .setRequireClientCertificate(Protos.bool(true))
      .build();

  private GrpcTlsContexts() {}

  /** Mutual TLS for a client, accepting a server that presents one of {@code subjectAltNames} (any when empty). */
  static UpstreamTlsContext client(List<String> subjectAltNames) {
    return UpstreamTlsContext.newBuilder().setCommonTlsContext(common(subjectAltNames)).build();
  }

  private static CommonTlsContext common(List<String> subjectAltNames) {
    CertificateValidationContext.Builder validation = CertificateValidationContext.newBuilder()
        .setCaCertificateProviderInstance(ROOTS);
    subjectAltNames.forEach(san -> validation.addMatchSubjectAltNames(StringMatcher.newBuilder().setExact(san)));
    return CommonTlsContext.newBuilder()
        .setTlsCertificateProviderInstance(IDENTITY)
        .setValidationContext(validation)
        .build();
  }
}
