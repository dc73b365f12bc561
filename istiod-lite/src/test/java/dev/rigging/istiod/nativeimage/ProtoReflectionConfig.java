package dev.rigging.istiod.nativeimage;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.rigging.ca.api.IstioCertificateServiceGrpc;
import dev.rigging.istiod.debug.EnvoyJson;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code ProtoReflectionConfig} derives the native-image reflection config istiod-lite needs for
 * the protobuf messages it emits or prints, by walking the descriptors of its roots.
 *
 * <p>protobuf-java's full runtime reaches generated classes by reflection: {@code FieldAccessorTable}
 * looks up {@code get…}/{@code set…}/{@code has…}/{@code clear…}/{@code add…} methods by name on the
 * message and its {@code Builder}, {@code newBuilder} and {@code getDefaultInstance} on message
 * classes, {@code valueOf}/{@code getValueDescriptor} on enums; {@code Any.unpack} and
 * {@code ResourceInterner} call {@code getDefaultInstance} reflectively. Hence every message, its
 * builder and every enum reachable from a root through fields gets {@code allPublicMethods}.
 *
 * <p>Roots: every type {@link EnvoyJson} resolves (the resources, the typed configs translation
 * packs into {@code Any}, the admin config-dump wrappers), and the request and response types of
 * the two gRPC services istiod-lite serves, ADS and the Istio CA. Types of the
 * {@code google.protobuf} package are left out: quarkus-grpc indexes protobuf-java and registers
 * every generated message, builder and enum in it ({@link #registeredByQuarkusGrpc}).
 */
final class ProtoReflectionConfig {
  /** Where the generated file lives, relative to the istiod-lite module. */
  static final String PATH = "src/main/resources/META-INF/native-image/dev.rigging/istiod-lite/reflect-config.json";

  /** One reflection entry: a generated class and the descriptor it was derived from. */
  record Entry(String className, String protoName, Kind kind) {
    Entry {
      Objects.requireNonNull(className, "className");
      Objects.requireNonNull(protoName, "protoName");
      Objects.requireNonNull(kind, "kind");
    }
  }

  /** What a generated class is for its descriptor. */
  enum Kind { MESSAGE, BUILDER, ENUM }

  private final SortedMap<String, Descriptor> messages = new TreeMap<>();
  private final SortedMap<String, EnumDescriptor> enums = new TreeMap<>();

  private ProtoReflectionConfig(List<Descriptor> roots) {
    roots.forEach(this::visit);
  }

  /** The config for istiod-lite's roots. */
  static ProtoReflectionConfig istiodLite() {
    List<Descriptor> roots = new ArrayList<>(EnvoyJson.printable());
    roots.addAll(messagesOf(AggregatedDiscoveryServiceGrpc.getServiceDescriptor()));
    roots.addAll(messagesOf(IstioCertificateServiceGrpc.getServiceDescriptor()));
    return new ProtoReflectionConfig(roots);
  }

  private static List<Descriptor> messagesOf(io.grpc.ServiceDescriptor service) {
    ServiceDescriptor proto = ((ProtoServiceDescriptorSupplier) service.getSchemaDescriptor()).getServiceDescriptor();
    List<Descriptor> out = new ArrayList<>();
    for (MethodDescriptor m : proto.getMethods()) {
      out.add(m.getInputType());
      out.add(m.getOutputType());
    }
    return out;
  }

  private void visit(Descriptor d) {
    String name = d.getFullName();
    // Map entries have no generated class; their key and value types do.
    if (!d.getOptions().getMapEntry() && messages.putIfAbsent(name, d) != null) {
      return;
    }
    for (FieldDescriptor f : d.getFields()) {
      if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        visit(f.getMessageType());
      } else if (f.getJavaType() == FieldDescriptor.JavaType.ENUM) {
        enums.putIfAbsent(f.getEnumType().getFullName(), f.getEnumType());
      }
    }
  }

  /** True for the types quarkus-grpc registers itself: those generated into protobuf-java. */
  static boolean registeredByQuarkusGrpc(FileDescriptor file) {
    return file.getPackage().equals("google.protobuf");
  }

  /** Every entry, sorted by class name, including those left to quarkus-grpc. */
  List<Entry> all() {
    List<Entry> out = new ArrayList<>();
    messages.values().forEach(m -> {
      out.add(new Entry(ProtoJavaNames.of(m), m.getFullName(), Kind.MESSAGE));
      out.add(new Entry(ProtoJavaNames.of(m) + "$Builder", m.getFullName(), Kind.BUILDER));
    });
    enums.values().forEach(e -> out.add(new Entry(ProtoJavaNames.of(e), e.getFullName(), Kind.ENUM)));
    out.sort((a, b) -> a.className().compareTo(b.className()));
    return out;
  }

  /** The entries written to {@link #PATH}. */
  List<Entry> emitted() {
    return all().stream().filter(e -> !leftToQuarkus(e)).toList();
  }

  /** The entries quarkus-grpc registers, so the file leaves them out. */
  List<Entry> leftToQuarkusGrpc() {
    return all().stream().filter(this::leftToQuarkus).toList();
  }

  private boolean leftToQuarkus(Entry e) {
    FileDescriptor file = e.kind() == Kind.ENUM ? enums.get(e.protoName()).getFile() : messages.get(e.protoName()).getFile();
    return registeredByQuarkusGrpc(file);
  }

  /** The reflect-config.json text: sorted, two-space indented, one entry per class. */
  String json() {
    StringBuilder out = new StringBuilder("[\n");
    List<Entry> entries = emitted();
    for (int i = 0; i < entries.size(); i++) {
      String name = entries.get(i).className();
      if (!name.matches("[A-Za-z0-9_.$]+")) {
        throw new IllegalStateException("class name needs JSON escaping: " + name);
      }
      out.append("  {\n    \"name\": \"").append(name).append("\",\n    \"allPublicMethods\": true\n  }")
          .append(i + 1 < entries.size() ? ",\n" : "\n");
    }
    return out.append("]\n").toString();
  }
}
