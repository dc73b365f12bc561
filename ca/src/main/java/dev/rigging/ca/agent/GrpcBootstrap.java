package dev.rigging.ca.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GrpcBootstrap} is the gRPC xDS bootstrap Istio's agent writes for a proxyless gRPC
 * workload: the xDS server, the Istio node id and metadata ({@code GENERATOR=grpc}), a
 * {@code file_watcher} certificate provider named {@code default} reading the agent's files, and
 * the server listener template {@code xds.istio.io/grpc/lds/inbound/%s}.
 */
public final class GrpcBootstrap {
  /** The name translation uses for the certificate provider instance. */
  public static final String PROVIDER_INSTANCE = "default";

  private GrpcBootstrap() {}

  /** The bootstrap as a map (what grpc's bootstrap override and {@code GRPC_XDS_BOOTSTRAP} both take). */
  public static Map<String, Object> of(AgentConfig c) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("GENERATOR", "grpc");
    metadata.put("NAMESPACE", c.namespace());
    metadata.put("CLUSTER_ID", c.clusterId());
    metadata.put("LABELS", c.labels());
    String[] id = c.nodeId().split("~", -1);
    if (id.length == 4 && !id[1].isEmpty()) {
      metadata.put("INSTANCE_IPS", id[1]);
    }
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("id", c.nodeId());
    node.put("metadata", metadata);
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("server_uri", c.xdsAddress());
    server.put("channel_creds", List.of(Map.of("type", "insecure")));
    server.put("server_features", List.of("xds_v3"));
    Map<String, Object> fileWatcher = new LinkedHashMap<>();
    fileWatcher.put("certificate_file", c.certChainFile().toAbsolutePath().toString());
    fileWatcher.put("private_key_file", c.keyFile().toAbsolutePath().toString());
    fileWatcher.put("ca_certificate_file", c.rootCertFile().toAbsolutePath().toString());
    fileWatcher.put("refresh_interval", c.certRefresh().toSeconds() + "s");
    Map<String, Object> provider = new LinkedHashMap<>();
    provider.put("plugin_name", "file_watcher");
    provider.put("config", fileWatcher);
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("xds_servers", List.of(server));
    b.put("node", node);
    b.put("certificate_providers", Map.of(PROVIDER_INSTANCE, provider));
    b.put("server_listener_resource_name_template", "xds.istio.io/grpc/lds/inbound/%s");
    return b;
  }

  /** Writes the bootstrap as JSON, atomically. */
  static void write(Map<String, Object> bootstrap, Path file) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.createDirectories(file.toAbsolutePath().getParent());
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), bootstrap);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
