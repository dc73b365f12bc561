package dev.rigging.istiod.debug;

import com.google.protobuf.Descriptors;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.rigging.istiod.networking.TypedConfigs;
import io.envoyproxy.envoy.admin.v3.ClustersConfigDump;
import io.envoyproxy.envoy.admin.v3.ConfigDump;
import io.envoyproxy.envoy.admin.v3.EndpointsConfigDump;
import io.envoyproxy.envoy.admin.v3.ListenersConfigDump;
import io.envoyproxy.envoy.admin.v3.RoutesConfigDump;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code EnvoyJson} prints Envoy protos as JSON, resolving every {@code Any}-typed config that
 * translation emits (the list lives in {@link TypedConfigs}) and the admin config-dump wrappers.
 */
public final class EnvoyJson {
  /** The admin config-dump wrappers {@code /debug/config_dump} packs around the resources. */
  private static final List<Descriptors.Descriptor> ADMIN = List.of(
      ConfigDump.getDescriptor(),
      ClustersConfigDump.getDescriptor(),
      ListenersConfigDump.getDescriptor(),
      RoutesConfigDump.getDescriptor(),
      EndpointsConfigDump.getDescriptor());
  private static final List<Descriptors.Descriptor> PRINTABLE =
      Stream.concat(TypedConfigs.emitted().stream(), ADMIN.stream()).toList();
  private static final JsonFormat.TypeRegistry TYPES = JsonFormat.TypeRegistry.newBuilder().add(PRINTABLE).build();
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().usingTypeRegistry(TYPES);

  private EnvoyJson() {}

  /** Every message type this printer resolves inside an {@code Any}: emitted types and admin wrappers. */
  public static List<Descriptors.Descriptor> printable() {
    return PRINTABLE;
  }

  /** {@code message} as pretty JSON. */
  public static String print(MessageOrBuilder message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName()
          + " as JSON (a type is missing from TypedConfigs.emitted()): " + e.getMessage(), e);
    }
  }
}
