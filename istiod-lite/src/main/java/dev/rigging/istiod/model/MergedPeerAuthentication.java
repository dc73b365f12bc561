package dev.rigging.istiod.model;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code MergedPeerAuthentication} is the PeerAuthentication in force for one workload, composed the
 * way istiod does it: the workload-level policy over the namespace-level one over the mesh-wide
 * one, {@code UNSET} inheriting from the level above, PERMISSIVE at the top; then port-level modes
 * of the workload-level policy, an {@code UNSET} port inheriting the workload's mode.
 *
 * @param mode the mode of ports without a port-level setting; never {@link MtlsMode#UNKNOWN}
 * @param portLevel per workload (target) port, sorted by port
 */
public record MergedPeerAuthentication(MtlsMode mode, Map<Integer, MtlsMode> portLevel) {

  /** No policy anywhere: Istio's default. */
  public static final MergedPeerAuthentication DEFAULT = new MergedPeerAuthentication(MtlsMode.PERMISSIVE, Map.of());

  public MergedPeerAuthentication {
    Objects.requireNonNull(mode, "mode");
    if (mode == MtlsMode.UNKNOWN) {
      throw new IllegalArgumentException("a merged policy always has a mode");
    }
    portLevel = java.util.Collections.unmodifiableMap(new TreeMap<>(portLevel));
  }

  /** The mode of workload port {@code port}: its port-level setting, else the workload's mode. */
  public MtlsMode modeFor(int port) {
    return portLevel.getOrDefault(port, mode);
  }
}
