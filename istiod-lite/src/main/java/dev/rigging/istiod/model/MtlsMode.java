package dev.rigging.istiod.model;

import dev.rigging.mesh.api.security.PeerAuthentication;

/**
 * {@code MtlsMode} is a resolved PeerAuthentication mode, as istiod's {@code MutualTLSMode}:
 * what a workload port accepts ({@link #DISABLE} plaintext, {@link #PERMISSIVE} both,
 * {@link #STRICT} mutual TLS only), or {@link #UNKNOWN} where no policy decides it (no mesh-wide
 * or namespace-wide policy exists, or the destination is outside the mesh).
 */
public enum MtlsMode {
  UNKNOWN, DISABLE, PERMISSIVE, STRICT;

  /** The mode a PeerAuthentication field sets, or null for {@code UNSET} (inherit from the parent). */
  static MtlsMode of(PeerAuthentication.MutualTLS mtls) {
    if (mtls == null) {
      return null;
    }
    return switch (mtls.modeOrUnset()) {
      case UNSET -> null;
      case DISABLE -> DISABLE;
      case PERMISSIVE -> PERMISSIVE;
      case STRICT -> STRICT;
    };
  }
}
