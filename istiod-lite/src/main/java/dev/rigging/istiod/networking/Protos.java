package dev.rigging.istiod.networking;

import com.google.protobuf.BoolValue;
import com.google.protobuf.Duration;
import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.type.v3.FractionalPercent;

/**
 * {@code Protos} makes the small protobuf values translation uses everywhere: durations, wrapped
 * scalars, socket addresses, percentages and the ADS config source.
 */
final class Protos {
  /** Zero duration: Istio's "no timeout". */
  static final Duration ZERO = Duration.getDefaultInstance();
  static final long MAX_UINT32 = 4_294_967_295L;

  /** ADS with v3 resources and no initial fetch timeout (Envoy waits for the resource, as Istio configures it). */
  static final ConfigSource ADS = ConfigSource.newBuilder()
      .setAds(AggregatedConfigSource.getDefaultInstance())
      .setInitialFetchTimeout(ZERO)
      .setResourceApiVersion(ApiVersion.V3)
      .build();

  /** ADS with v3 resources, the form grpc-java expects. */
  static final ConfigSource ADS_GRPC = ConfigSource.newBuilder()
      .setAds(AggregatedConfigSource.getDefaultInstance())
      .setResourceApiVersion(ApiVersion.V3)
      .build();

  private Protos() {}

  static Duration duration(java.time.Duration d) {
    return Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
  }

  static Duration millis(long ms) {
    return duration(java.time.Duration.ofMillis(ms));
  }

  static UInt32Value u32(long v) {
    return UInt32Value.of((int) v);
  }

  static BoolValue bool(boolean v) {
    return BoolValue.of(v);
  }

  static Address socket(String ip, int port) {
    return Address.newBuilder()
        .setSocketAddress(SocketAddress.newBuilder().setAddress(ip).setPortValue(port))
        .build();
  }

  /** Istio's {@code Percent} (0–100, fractional) as parts per million. */
  static FractionalPercent percent(double value) {
    return FractionalPercent.newBuilder()
        .setNumerator((int) Math.round(value * 10_000))
        .setDenominator(FractionalPercent.DenominatorType.MILLION)
        .build();
  }

  /** An integer percentage as parts per hundred. */
  static FractionalPercent percentInt(int value) {
    return FractionalPercent.newBuilder().setNumerator(value)
        .setDenominator(FractionalPercent.DenominatorType.HUNDRED).build();
  }
}
