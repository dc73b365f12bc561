package dev.rigging.istiod.webhook.inject;

import io.fabric8.kubernetes.client.VersionInfo;
import java.util.Locale;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * {@code NativeSidecars} decides whether istio-proxy is injected as a Kubernetes native sidecar (an
 * init container with {@code restartPolicy: Always}, started before and stopped after the
 * application): {@code true}, {@code false}, or {@code auto} — on when the API server is
 * Kubernetes 1.29 or newer, where the {@code SidecarContainers} feature is on by default. Pods
 * override it with the annotation {@code sidecar.istio.io/nativeSidecar}.
 */
public final class NativeSidecars {
  private static final Logger LOG = Logger.getLogger(NativeSidecars.class);
  static final int MIN_MINOR = 29;

  private NativeSidecars() {}

  /**
   * @param setting {@code rigging.injection.native-sidecars}
   * @param version the API server's version, asked only for {@code auto}; may throw or return null
   */
  public static boolean decide(String setting, Supplier<VersionInfo> version) {
    switch (setting.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      case "auto":
        break;
      default:
        throw new IllegalArgumentException("rigging.injection.native-sidecars=" + setting
            + " is not valid; use auto, true or false");
    }
    try {
      VersionInfo v = version.get();
      boolean on = v != null && supported(v.getMajor(), v.getMinor());
      LOG.infof("injection: API server is Kubernetes %s.%s; native sidecars %s", v == null ? "?" : v.getMajor(),
          v == null ? "?" : v.getMinor(), on ? "on" : "off");
      return on;
    } catch (RuntimeException e) {
      LOG.warnf("injection: cannot read the API server's version (%s); native sidecars off", e.toString());
      return false;
    }
  }

  /** Whether Kubernetes {@code major.minor} (minor may carry a {@code +} as managed clusters report it) has them. */
  static boolean supported(String major, String minor) {
    try {
      int ma = Integer.parseInt(major.replaceAll("[^0-9]", ""));
      int mi = Integer.parseInt(minor.replaceAll("[^0-9]", ""));
      return ma > 1 || (ma == 1 && mi >= MIN_MINOR);
    } catch (NumberFormatException | NullPointerException e) {
      return false;
    }
  }
}
