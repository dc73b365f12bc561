package dev.rigging.istiod.dataplane;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code Pki} puts one workload's certificate, key and the mesh root (test fixtures under
 * {@code src/test/resources/pki}) into files, where a proxyless gRPC workload's
 * {@code file_watcher} certificate provider reads them, as Istio's agent arranges it.
 */
public record Pki(Path certificate, Path privateKey, Path rootCertificate) {

  /** Copies the fixtures of workload {@code workload} ({@code greeter}, {@code frontend}) into {@code dir}. */
  public static Pki of(String workload, Path dir) {
    return new Pki(copy(workload + "-cert.pem", dir), copy(workload + "-key.pem", dir), copy("root-cert.pem", dir));
  }

  private static Path copy(String name, Path dir) {
    try (InputStream in = Pki.class.getResourceAsStream("/pki/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test fixture /pki/" + name);
      }
      Files.createDirectories(dir);
      Path out = dir.resolve(name);
      Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bootstrap's {@code certificate_providers}: instance {@code default}, plugin {@code file_watcher}. */
  public Map<String, Object> certificateProviders() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("certificate_file", certificate.toString());
    config.put("private_key_file", privateKey.toString());
    config.put("ca_certificate_file", rootCertificate.toString());
    config.put("refresh_interval", "600s");
    return Map.of("default", Map.of("plugin_name", "file_watcher", "config", config));
  }
}
