package dev.rigging.ca.crypto;

import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.crypto.CryptoServicesRegistrar;
import org.bouncycastle.crypto.NativeServices;
import org.bouncycastle.crypto.fips.FipsStatus;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

/**
 * {@code FipsObservation} is what this JVM's cryptography looks like: the Bouncy Castle FIPS
 * module's version, mode and self-test status, the registered providers in order, the default key
 * store type, the TLS named groups, and which providers offer each of {@link FipsPolicy#USED_SERVICES}.
 * It only reads state; {@link FipsSelfCheck} judges it and the {@code fips-build} verifier reports it.
 *
 * @param moduleInfo the FIPS provider's description, e.g. {@code BouncyCastle Security Provider (FIPS edition) v2.1.2}
 * @param moduleVersion the {@code bc-fips} jar's {@code Implementation-Version}, e.g. {@code 2.1.2}
 * @param moduleHmac the module's SHA-256 HMAC (hex) as the module reports it, which is what the
 *     vendor's security policy says to compare ({@code org.bouncycastle.util.DumpInfo} prints it too)
 * @param approvedOnly whether the module is in approved-only mode
 * @param selfTest the module's status message, {@code READY} once its power-on self-tests passed
 * @param nativeSupport the module's native (AES-NI/SHA) support as it reports it, e.g. {@code vaesf (READY)}
 * @param providers the registered providers, in order
 * @param keyStoreType {@code KeyStore.getDefaultType()}
 * @param namedGroups the {@value FipsPolicy#NAMED_GROUPS_PROPERTY} system property, when set
 * @param offers for each used service, the names of the providers offering it, in provider order
 */
public record FipsObservation(String moduleInfo, String moduleVersion, String moduleHmac, boolean approvedOnly,
    String selfTest, String nativeSupport, List<ProviderEntry> providers, String keyStoreType,
    Optional<String> namedGroups, Map<FipsPolicy.Service, List<String>> offers) {

  /**
   * One registered provider.
   *
   * @param position 1-based, as in {@code java.security}
   * @param name e.g. {@code BCFIPS}
   * @param className the implementing class
   * @param info the provider's own description
   * @param fipsMode for BCJSSE, whether it runs in FIPS mode; empty for other providers
   */
  public record ProviderEntry(int position, String name, String className, String info, Optional<Boolean> fipsMode) {}

  /** Reads the JVM's state now. Call after {@link Fips#install()} (or instead of it, to see what failed). */
  public static FipsObservation capture() {
    List<ProviderEntry> providers = new ArrayList<>();
    Provider[] registered = Security.getProviders();
    for (int i = 0; i < registered.length; i++) {
      Provider p = registered[i];
      Optional<Boolean> fipsMode = p instanceof BouncyCastleJsseProvider jsse ? Optional.of(jsse.isFipsMode()) : Optional.empty();
      providers.add(new ProviderEntry(i + 1, p.getName(), p.getClass().getName(), p.getInfo(), fipsMode));
    }
    Map<FipsPolicy.Service, List<String>> offers = new LinkedHashMap<>();
    for (FipsPolicy.Service service : FipsPolicy.USED_SERVICES) {
      List<String> names = new ArrayList<>();
      for (Provider p : registered) {
        if (p.getService(service.type(), service.algorithm()) != null) {
          names.add(p.getName());
        }
      }
      offers.put(service, List.copyOf(names));
    }
    Provider fips = Security.getProvider(Fips.PROVIDER);
    return new FipsObservation(fips == null ? "not registered" : fips.getInfo(),
        Optional.ofNullable(CryptoServicesRegistrar.class.getPackage().getImplementationVersion()).orElse("unknown"),
        HexFormat.of().formatHex(FipsStatus.getModuleHMAC()), CryptoServicesRegistrar.isInApprovedOnlyMode(),
        FipsStatus.getStatusMessage(), describeNativeSupport(), List.copyOf(providers), KeyStore.getDefaultType(),
        Optional.ofNullable(System.getProperty(FipsPolicy.NAMED_GROUPS_PROPERTY)), offers);
  }

  /** The provider names in order. */
  public List<String> providerNames() {
    return providers.stream().map(ProviderEntry::name).toList();
  }

  private static String describeNativeSupport() {
    if (!CryptoServicesRegistrar.isNativeEnabled()) {
      return "disabled (pure Java)";
    }
    NativeServices services = CryptoServicesRegistrar.getNativeServices();
    return services.getVariant() + " (" + services.getStatusMessage() + ")";
  }
}
