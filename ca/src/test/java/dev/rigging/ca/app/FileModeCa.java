package dev.rigging.ca.app;

import dev.rigging.ca.crypto.Pem;
import dev.rigging.ca.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code FileModeCa} prepares a file-mode CA for the app tests: an empty CA directory, a token
 * issuer's JWKS, and that issuer's private key (for the test to mint tokens with).
 */
public class FileModeCa implements QuarkusTestResourceLifecycleManager {
  static final String SIGNING_KEY = "test-token-signing-key.pem";
  static final String KEY_ID = "app-test";
  static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
  private Path dir;

  @Override
  public Map<String, String> start() {
    try {
      dir = Files.createTempDirectory("rigging-ca-app");
      Tokens tokens = new Tokens(KEY_ID, ISSUER);
      tokens.writeJwks(dir.resolve("jwks.json"));
      Files.writeString(dir.resolve(SIGNING_KEY), Pem.encode(tokens.keys().getPrivate()));
      return Map.of(
          "rigging.ca.mode", "file",
          "rigging.ca.dir", dir.resolve("ca").toString(),
          "rigging.ca.jwt.jwks-file", dir.resolve("jwks.json").toString(),
          "rigging.ca.plaintext-port", "0");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
