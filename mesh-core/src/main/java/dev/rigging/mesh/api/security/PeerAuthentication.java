package dev.rigging.mesh.api.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rigging.mesh.api.networking.MatchLabelsSelector;
import java.util.Map;

/**
 * {@code PeerAuthentication} is the spec of a security.istio.io PeerAuthentication: whether
 * workloads accept plain text, mutual TLS or both from their peers, for the whole mesh (in the root
 * namespace), a namespace, or the workloads chosen by {@link #selector()}.
 *
 * @param selector workloads this policy applies to; absent means every workload of the namespace
 * @param mtls the mode for all ports; absent or {@code UNSET} inherits from the parent policy
 * @param portLevelMtls per-port modes, keyed by the workload's (target) port number; null when the
 *     field is absent, an empty map when written as {@code {}} (which Istio rejects); only allowed
 *     with a selector
 */
public record PeerAuthentication(
    MatchLabelsSelector selector,
    MutualTLS mtls,
    @JsonInclude(JsonInclude.Include.NON_NULL) Map<Integer, MutualTLS> portLevelMtls) {

  public PeerAuthentication {
    portLevelMtls = Lists.keepAbsent("portLevelMtls", portLevelMtls);
  }

  /** The per-port modes, empty when the field is absent. */
  public Map<Integer, MutualTLS> portLevelMtlsOrEmpty() {
    return portLevelMtls == null ? Map.of() : portLevelMtls;
  }

  /** Mutual TLS settings. */
  public record MutualTLS(Mode mode) {

    /** The effective mode; {@code UNSET} when absent. */
    public Mode modeOrUnset() {
      return mode == null ? Mode.UNSET : mode;
    }
  }

  /** mTLS modes; {@code UNSET} inherits from the parent (namespace, then mesh; PERMISSIVE at the top). */
  public enum Mode { UNSET, DISABLE, PERMISSIVE, STRICT }
}
