package dev.rigging.istiod.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.GenericDescriptor;
import com.google.protobuf.GeneratedMessage;
import com.google.protobuf.Message;
import com.google.protobuf.ProtocolMessageEnum;
import dev.rigging.istiod.nativeimage.ProtoReflectionConfig.Entry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code ProtoReflectionConfigTest} keeps the committed native-image reflection config of
 * istiod-lite equal to the one derived from the code, and checks that every class it names exists
 * and is the class protobuf generated for the descriptor it was derived from.
 */
class ProtoReflectionConfigTest {
  private static final String REGENERATE = "rigging.native.regenerate";

  private final ProtoReflectionConfig config = ProtoReflectionConfig.istiodLite();

  @Test
  void committedFileIsTheDerivedOne() throws IOException {
    Path file = Path.of(ProtoReflectionConfig.PATH);
    String derived = config.json();
    if (Boolean.getBoolean(REGENERATE)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, derived, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(file)).as("%s is missing", file).isTrue();
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .as("istiod-lite/%s is out of date with the protos istiod-lite emits; regenerate it with "
            + "mvn -o -pl istiod-lite -am verify -Dtest=ProtoReflectionConfigTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -D%s=true and review the diff", file, REGENERATE)
        .isEqualTo(derived);
  }

  @Test
  void everyEntryNamesTheGeneratedClassOfItsDescriptor() throws ReflectiveOperationException {
    for (Entry e : config.all()) {
      Class<?> type = Class.forName(e.className(), false, getClass().getClassLoader());
      switch (e.kind()) {
        case MESSAGE -> {
          assertThat(Message.class).as(e.className()).isAssignableFrom(type);
          assertThat(descriptorOf(type).getFullName()).as(e.className()).isEqualTo(e.protoName());
        }
        case BUILDER -> {
          assertThat(Message.Builder.class).as(e.className()).isAssignableFrom(type);
          assertThat(type.getDeclaringClass().getName()).as(e.className()).isEqualTo(strip(e.className()));
        }
        case ENUM -> {
          assertThat(type.isEnum() && ProtocolMessageEnum.class.isAssignableFrom(type)).as(e.className()).isTrue();
          assertThat(descriptorOf(type).getFullName()).as(e.className()).isEqualTo(e.protoName());
        }
      }
    }
  }

  @Test
  void rootsAndTheirFieldTypesAreCovered() {
    assertThat(config.emitted()).extracting(Entry::protoName).contains(
        "envoy.config.listener.v3.Listener", "envoy.config.cluster.v3.Cluster",
        "envoy.config.route.v3.RouteConfiguration", "envoy.config.endpoint.v3.ClusterLoadAssignment",
        "envoy.extensions.transport_sockets.tls.v3.Secret",
        "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
        "envoy.admin.v3.ConfigDump", "envoy.service.discovery.v3.DiscoveryResponse",
        "istio.v1.auth.IstioCertificateRequest",
        // reached only through fields: a nested message, a nested enum, a top-level enum
        "envoy.config.route.v3.RouteAction", "envoy.config.cluster.v3.Cluster.LbPolicy",
        "envoy.config.core.v3.RoutingPriority");
    assertThat(config.emitted()).extracting(Entry::className)
        .contains("io.envoyproxy.envoy.config.cluster.v3.Cluster$Builder")
        .doesNotHaveDuplicates()
        .isSorted();
  }

  @Test
  void typesLeftOutAreThoseQuarkusGrpcRegisters() {
    // quarkus-grpc indexes protobuf-java and registers every subclass of GeneratedMessage and its
    // Builder, and every ProtocolMessageEnum, in its index: the well-known types qualify.
    assertThat(config.leftToQuarkusGrpc()).extracting(Entry::protoName)
        .contains("google.protobuf.Any", "google.protobuf.Duration", "google.protobuf.Struct");
    for (Entry e : config.leftToQuarkusGrpc()) {
      Class<?> type = load(e.className());
      assertThat(type.getProtectionDomain().getCodeSource())
          .as(e.className()).isEqualTo(GeneratedMessage.class.getProtectionDomain().getCodeSource());
      Class<?> base = switch (e.kind()) {
        case MESSAGE -> GeneratedMessage.class;
        case BUILDER -> GeneratedMessage.Builder.class;
        case ENUM -> ProtocolMessageEnum.class;
      };
      assertThat(base).as(e.className()).isAssignableFrom(type);
    }
    assertThat(config.emitted()).extracting(Entry::className).noneMatch(n -> n.startsWith("com.google.protobuf."));
  }

  private static GenericDescriptor descriptorOf(Class<?> type) throws ReflectiveOperationException {
    return (GenericDescriptor) type.getMethod("getDescriptor").invoke(null);
  }

  private static String strip(String builder) {
    return builder.substring(0, builder.length() - "$Builder".length());
  }

  private Class<?> load(String name) {
    try {
      return Class.forName(name, false, getClass().getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(name + " does not load", e);
    }
  }
}
