package dev.rigging.ca;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * {@code CaListener} hears about changes of the CA's signing material, e.g. to re-issue serving
 * certificates or to republish the trust bundle. Callbacks run on the CA's background thread and
 * should return quickly.
 */
public interface CaListener {
  /** The certificate that signs new leaves changed (rotation, or a new plugged CA). */
  default void issuerChanged(X509Certificate signingCertificate) {}

  /** The set of trusted roots changed; {@code roots} lists the active root first. */
  default void rootsChanged(List<X509Certificate> roots) {}
}
