package dev.rigging.lifecycle.catalog;

import java.util.Objects;

/**
 * {@code Images} are the container images of one mesh version and flavour: istiod-lite (control
 * plane, with the CA embedded), the standalone CA, and the upstream-compatible proxy image used by
 * sidecars and gateways.
 */
public record Images(String istiod, String ca, String proxy) {
  public Images {
    Objects.requireNonNull(istiod, "istiod");
    Objects.requireNonNull(ca, "ca");
    Objects.requireNonNull(proxy, "proxy");
  }
}
