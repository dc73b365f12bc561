package dev.rigging.fips.verify;

import java.util.List;
import java.util.Map;

/**
 * {@code RuntimeFacts} is what {@link RuntimeProbe} saw inside a JVM started like the variant, as it
 * hands it to the verifier (JSON on one line). Nullable fields are absent when the module could not
 * be installed.
 *
 * @param java the JVM's {@code java.version} and vendor
 * @param approvedOnlySecurityProperty {@code org.bouncycastle.fips.approved_only} as the java.security override set it
 * @param selfCheckPassed whether the start-up self-check ({@code FipsSelfCheck}) the variant runs passed
 * @param selfCheckViolations its findings
 * @param moduleInfo the BCFIPS provider's description
 * @param moduleVersion the {@code bc-fips} jar's implementation version
 * @param moduleHmac the module's own HMAC-SHA256, hex, as the vendor's security policy says to compare it
 * @param approvedOnly whether the module is in approved-only mode
 * @param selfTest the module's self-test status ({@code READY} when its power-on tests passed)
 * @param nativeSupport the module's native support as it reports it
 * @param providers the registered providers in order
 * @param keyStoreType {@code KeyStore.getDefaultType()}
 * @param namedGroups {@code jdk.tls.namedGroups}
 * @param offers for each JCA service Rigging uses, the providers that offer it
 * @param probes the negative crypto probes
 * @param tlsPort the port of the probe's TLS server (the variants' own {@code TlsGrpcServer}), 0 when it did not start
 * @param tlsRootPem the root that server's certificate chains to
 * @param tlsError why the TLS server did not start
 */
public record RuntimeFacts(String java, String approvedOnlySecurityProperty, boolean selfCheckPassed,
    List<String> selfCheckViolations, String moduleInfo, String moduleVersion, String moduleHmac, Boolean approvedOnly,
    String selfTest, String nativeSupport, List<Provider> providers, String keyStoreType, String namedGroups,
    Map<String, List<String>> offers, List<Probe> probes, int tlsPort, String tlsRootPem, String tlsError) {

  /** A registered provider; {@code fipsMode} is set for BCJSSE only. */
  public record Provider(int position, String name, String className, String info, Boolean fipsMode) {}
}
