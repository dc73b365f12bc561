package dev.rigging.fips.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rigging.ca.CaConfig;
import dev.rigging.ca.CertificateAuthority;
import dev.rigging.ca.crypto.Fips;
import dev.rigging.ca.crypto.FipsObservation;
import dev.rigging.ca.crypto.FipsSelfCheck;
import dev.rigging.ca.crypto.Pem;
import dev.rigging.ca.tls.ServingCertificate;
import dev.rigging.ca.tls.TlsGrpcServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code RuntimeProbe} runs inside a JVM that the verifier starts exactly as the variant's launcher
 * starts the service (its {@code java.security} override, its {@code jvm.args}, its jars), and
 * reports on one stdout line ({@value #PREFIX} then JSON): the same start-up self-check the service
 * runs, what the JVM's crypto looks like, the negative probes, and the port of a TLS server built
 * with the services' own {@code TlsGrpcServer} and a certificate from the services' own CA code. The
 * server stays up until stdin closes, while the verifier probes it from outside.
 */
public final class RuntimeProbe {
  /** Marks the result line among whatever else the JVM prints. */
  public static final String PREFIX = "RIGGING-FIPS-PROBE ";
  /** The name the probe's serving certificate carries. */
  public static final String SERVER_NAME = "fips-probe.rigging.local";

  private RuntimeProbe() {}

  public static void main(String[] args) throws Exception {
    String approvedOnlySetting = Security.getProperty(Fips.APPROVED_ONLY_PROPERTY);
    FipsSelfCheck.Result check = FipsSelfCheck.installAndCheck();
    FipsObservation o = check.observation().orElse(null);
    List<Probe> probes = o == null ? List.of() : CryptoProbes.run();
    Path dir = Files.createTempDirectory("rigging-fips-probe");
    CertificateAuthority ca = null;
    TlsGrpcServer server = null;
    String tlsError = null;
    String rootPem = null;
    if (o != null) {
      try {
        ca = new CertificateAuthority(CaConfig.builder(new CaConfig.Storage.Directory(dir.resolve("ca"))).build());
        // configured as istiod-lite's and the CA's servers are: client certificates requested, and
        // checked against the CA's roots
        server = TlsGrpcServer.builder(new InetSocketAddress("127.0.0.1", 0),
            ServingCertificate.issuedBy(ca, List.of(SERVER_NAME), Duration.ofHours(1)))
            .clientCertificates(ca::trustedRoots).name("fips-probe").start();
        rootPem = Pem.encode(ca.activeRoot());
      } catch (Exception e) {
        StringBuilder causes = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
          causes.append(causes.length() == 0 ? "" : "; caused by ").append(t.getClass().getSimpleName()).append(": ")
              .append(t.getMessage());
        }
        tlsError = causes.toString();
      }
    }
    RuntimeFacts facts = new RuntimeFacts(System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
        approvedOnlySetting, check.passed(), check.violations(),
        o == null ? null : o.moduleInfo(), o == null ? null : o.moduleVersion(), o == null ? null : o.moduleHmac(),
        o == null ? null : o.approvedOnly(), o == null ? null : o.selfTest(), o == null ? null : o.nativeSupport(),
        o == null ? List.of() : o.providers().stream().map(p -> new RuntimeFacts.Provider(p.position(), p.name(),
            p.className(), p.info(), p.fipsMode().orElse(null))).toList(),
        o == null ? null : o.keyStoreType(), o == null ? null : o.namedGroups().orElse(null),
        o == null ? Map.of() : offers(o), probes, server == null ? 0 : server.port(), rootPem, tlsError);
    System.out.println(PREFIX + new ObjectMapper().writeValueAsString(facts));
    System.out.flush();
    try {
      System.in.transferTo(java.io.OutputStream.nullOutputStream());
    } finally {
      if (server != null) {
        server.close();
      }
      if (ca != null) {
        ca.close();
      }
      deleteQuietly(dir);
    }
  }

  private static Map<String, List<String>> offers(FipsObservation o) {
    Map<String, List<String>> offers = new LinkedHashMap<>();
    o.offers().forEach((service, providers) -> offers.put(service.toString(), providers));
    return offers;
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory; the OS cleans it eventually
    }
  }
}
