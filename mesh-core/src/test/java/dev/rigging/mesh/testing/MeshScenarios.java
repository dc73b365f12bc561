package dev.rigging.mesh.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code MeshScenarios} holds mesh configurations that more than one module's tests run, so that
 * the same scenario is checked against each deployment (istiod-lite in-process, its FIPS variant).
 */
public final class MeshScenarios {
  private MeshScenarios() {}

  /**
   * A greeter ServiceEntry at {@code host} with one endpoint on 127.0.0.1:{@code port} (service
   * account {@code greeter}), a DestinationRule requiring Istio mTLS with a subset {@code impostor}
   * that expects another server identity, a VirtualService routing {@code x-subset: impostor} to it,
   * and a namespace-wide STRICT PeerAuthentication, all in namespace {@code shop}.
   */
  public static String mtlsGreeter(String host, int port) {
    return template("scenarios/mtls-greeter.yaml").formatted(host, port);
  }

  private static String template(String resource) {
    try (InputStream in = MeshScenarios.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path (mesh-core's test jar)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
