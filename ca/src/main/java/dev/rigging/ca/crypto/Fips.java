package dev.rigging.ca.crypto;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.crypto.CryptoServicesRegistrar;
import org.bouncycastle.crypto.fips.FipsStatus;
import org.bouncycastle.jcajce.provider.BouncyCastleFipsProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

/**
 * {@code Fips} puts the JVM's cryptography on the Bouncy Castle FIPS module in approved-only mode:
 * {@code BCFIPS} becomes the first JCA provider and {@code BCJSSE}, bound to it in FIPS mode, the
 * second (and so the default TLS provider).
 *
 * <p>Every entry point (the standalone app's main, istiod-lite's startup, tests) calls
 * {@link #install()} before anything else touches Bouncy Castle: the module reads
 * {@value #APPROVED_ONLY_PROPERTY} once, when its registrar class initializes, so setting the
 * property afterwards has no effect. {@link #install()} therefore refuses to continue when the
 * module is already loaded in a mode that is not approved-only.
 */
public final class Fips {
  /** The system property that switches the BC-FIPS module to approved-only mode. */
  public static final String APPROVED_ONLY_PROPERTY = "org.bouncycastle.fips.approved_only";
  /** Name of the FIPS JCA provider. */
  public static final String PROVIDER = "BCFIPS";
  /** Name of the JSSE provider running on the FIPS provider. */
  public static final String JSSE_PROVIDER = "BCJSSE";

  private static Status status;

  private Fips() {}

  /**
   * What the FIPS module reported when it was installed.
   *
   * @param moduleVersion the provider's own description, e.g. {@code BouncyCastle Security Provider (FIPS edition) v2.1.2}
   * @param approvedOnly whether only FIPS-approved algorithms are available
   * @param selfTestMessage the module's power-on self-test status ({@code READY} when it passed)
   */
  public record Status(String moduleVersion, boolean approvedOnly, String selfTestMessage) {}

  /**
   * Installs the providers once (later calls return the first result).
   *
   * @throws IllegalStateException when the property is set to something other than {@code true},
   *     when BC-FIPS was initialized earlier without approved-only mode, or when its self-test failed
   */
  public static synchronized Status install() {
    if (status != null) {
      return status;
    }
    String configured = System.getProperty(APPROVED_ONLY_PROPERTY);
    if (configured == null) {
      System.setProperty(APPROVED_ONLY_PROPERTY, "true");
    } else if (!"true".equalsIgnoreCase(configured.trim())) {
      throw new IllegalStateException(APPROVED_ONLY_PROPERTY + "=" + configured + ": the CA runs only in approved-only mode");
    }
    status = Installer.install();
    return status;
  }

  /** True once {@link #install()} has succeeded. */
  public static synchronized boolean installed() {
    return status != null;
  }

  /** Kept apart so that loading {@code Fips} itself initializes no Bouncy Castle class. */
  private static final class Installer {
    static Status install() {
      if (!CryptoServicesRegistrar.isInApprovedOnlyMode()) {
        throw new IllegalStateException("Bouncy Castle FIPS was initialized before " + APPROVED_ONLY_PROPERTY
            + "=true was set; call Fips.install() first in main, or pass -D" + APPROVED_ONLY_PROPERTY + "=true");
      }
      Provider fips = Security.getProvider(PROVIDER);
      if (fips == null) {
        fips = new BouncyCastleFipsProvider();
        Security.insertProviderAt(fips, 1);
      }
      if (!FipsStatus.isReady()) {
        throw new IllegalStateException("Bouncy Castle FIPS self-test failed: " + FipsStatus.getStatusMessage());
      }
      Provider jsse = Security.getProvider(JSSE_PROVIDER);
      if (jsse == null) {
        Security.insertProviderAt(new BouncyCastleJsseProvider(true, fips), 2);
      } else if (!(jsse instanceof BouncyCastleJsseProvider bc) || !bc.isFipsMode()) {
        throw new IllegalStateException(JSSE_PROVIDER + " is registered but not in FIPS mode; configure it as \"BCJSSE fips:BCFIPS\"");
      }
      return new Status(fips.getInfo(), CryptoServicesRegistrar.isInApprovedOnlyMode(), FipsStatus.getStatusMessage());
    }
  }
}
