package dev.rigging.istiod.dataplane;

import com.google.protobuf.StringValue;
import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.NameResolverRegistry;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.xds.XdsChannelCredentials;
import io.grpc.xds.XdsNameResolverProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code XdsClient} is a real proxyless gRPC client (grpc-java's xDS resolver and load balancers)
 * whose bootstrap points at istiod-lite. Each instance has its own resolver scheme (unique in the
 * JVM) and bootstrap, so several clients with different node identities can live in one JVM.
 */
public final class XdsClient implements AutoCloseable {

  private final ManagedChannel channel;
  private final String nodeId;

  /**
   * @param xdsAddress istiod-lite's xDS address, e.g. {@code 127.0.0.1:15010}
   * @param target the service to dial, e.g. {@code reviews.shop.svc.cluster.local:9080}
   * @param pod pod name for the node id
   * @param namespace the client's namespace
   * @param labels the client's workload labels
   */
  public XdsClient(String xdsAddress, String target, String pod, String namespace, Map<String, String> labels) {
    this(xdsAddress, target, pod, namespace, labels, null, false);
  }

  /**
   * A client whose bootstrap also declares the certificate provider {@code default} (the files of
   * {@code pki}, as Istio's agent writes them; without it grpc NACKs every cluster with TLS). With
   * {@code xdsCredentials} the channel uses {@code XdsChannelCredentials}, so that TLS from CDS
   * applies; without, grpc accepts the TLS config but dials plaintext.
   */
  public XdsClient(String xdsAddress, String target, String pod, String namespace, Map<String, String> labels,
      Pki pki, boolean xdsCredentials) {
    this.nodeId = "sidecar~127.0.0.1~" + pod + "." + namespace + "~" + namespace + ".svc.cluster.local";
    // The resolver registry is JVM-wide while this class is loaded again for each Quarkus test
    // application: a counter would restart and hand a later client an earlier client's bootstrap.
    String scheme = "xds-test-" + UUID.randomUUID().toString().replace("-", "");
    Map<String, Object> bootstrap = bootstrap(xdsAddress, nodeId, namespace, labels);
    ChannelCredentials credentials = InsecureChannelCredentials.create();
    if (pki != null) {
      bootstrap.put("certificate_providers", pki.certificateProviders());
    }
    if (xdsCredentials) {
      credentials = XdsChannelCredentials.create(credentials);
    }
    NameResolverRegistry.getDefaultRegistry().register(XdsNameResolverProvider.createForTest(scheme, bootstrap));
    this.channel = Grpc.newChannelBuilder(scheme + ":///" + target, credentials).build();
  }

  /** The bootstrap Istio's agent would write for a proxyless gRPC workload. */
  public static Map<String, Object> bootstrap(String xdsAddress, String nodeId, String namespace,
      Map<String, String> labels) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("GENERATOR", "grpc");
    metadata.put("NAMESPACE", namespace);
    metadata.put("LABELS", labels);
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("id", nodeId);
    node.put("metadata", metadata);
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("server_uri", xdsAddress);
    server.put("channel_creds", List.of(Map.of("type", "insecure")));
    server.put("server_features", List.of("xds_v3"));
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("xds_servers", List.of(server));
    b.put("node", node);
    b.put("server_listener_resource_name_template", "xds.istio.io/grpc/lds/inbound/%s");
    return b;
  }

  public String nodeId() {
    return nodeId;
  }

  /** One unary call; returns the name of the backend that answered. */
  public String call(String request, Map<String, String> headers, long timeoutMillis) {
    Metadata md = new Metadata();
    headers.forEach((k, v) -> md.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
    Channel ch = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(md));
    return ClientCalls.blockingUnaryCall(ch, Backend.GET_REVIEW,
        CallOptions.DEFAULT.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS), StringValue.of(request)).getValue();
  }

  /** One unary call sending each header with every one of its values (a repeated header). */
  public String callWithValues(String request, Map<String, List<String>> headers, long timeoutMillis) {
    Metadata md = new Metadata();
    headers.forEach((k, values) -> values.forEach(v -> md.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v)));
    Channel ch = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(md));
    return ClientCalls.blockingUnaryCall(ch, Backend.GET_REVIEW,
        CallOptions.DEFAULT.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS), StringValue.of(request)).getValue();
  }

  /** One call with no headers and a 10 s deadline. */
  public String call() {
    return call("hello", Map.of(), 10_000);
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }
}
