package dev.rigging.istiod.debug;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.rigging.istiod.networking.TypedConfigs;
import io.envoyproxy.envoy.admin.v3.ClustersConfigDump;
import io.envoyproxy.envoy.admin.v3.ConfigDump;
import io.envoyproxy.envoy.admin.v3.EndpointsConfigDump;
import io.envoyproxy.envoy.admin.v3.ListenersConfigDump;
import io.envoyproxy.envoy.admin.v3.RoutesConfigDump;

/**
 * {@code EnvoyJson} prints Envoy protos as JSON, resolving every {@code Any}-typed config that
 * translation emits (the list lives in {@link TypedConfigs}) and the admin config-dump wrappers.
 */
public final class EnvoyJson {
  private static final JsonFormat.TypeRegistry TYPES = JsonFormat.TypeRegistry.newBuilder()
      .add(TypedConfigs.emitted())
      .add(ConfigDump.getDescriptor())
      .add(ClustersConfigDump.getDescriptor())
      .add(ListenersConfigDump.getDescriptor())
      .add(RoutesConfigDump.getDescriptor())
      .add(EndpointsConfigDump.getDescriptor())
      .build();
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().usingTypeRegistry(TYPES);

  private EnvoyJson() {}

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
