package dev.rigging.ca.auth;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code OidcDiscovery} finds an OIDC issuer's JWKS URI from its
 * {@code /.well-known/openid-configuration} document, and checks that the document names the same
 * issuer (OpenID Connect Discovery 1.0, section 4.3).
 *
 * <p>Keys that authenticate callers must not be fetched over a channel an attacker can alter:
 * plain {@code http} is accepted only for loopback issuers (local development and tests).
 */
final class OidcDiscovery {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private OidcDiscovery() {}

  static URI jwksUri(URI issuer) throws IOException {
    requireSafeScheme(issuer, "issuer");
    String base = issuer.toString().endsWith("/") ? issuer.toString() : issuer + "/";
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + ".well-known/openid-configuration"))
        .timeout(TIMEOUT).header("Accept", "application/json").GET().build();
    HttpResponse<String> response;
    try {
      response = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build()
          .send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + request.uri(), e);
    }
    if (response.statusCode() != 200) {
      throw new IOException(request.uri() + " answered HTTP " + response.statusCode());
    }
    JsonObject document;
    try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
      document = reader.readObject();
    } catch (RuntimeException e) {
      throw new IOException(request.uri() + " is not a JSON object: " + e.getMessage(), e);
    }
    String named = document.getString("issuer", null);
    if (!issuer.toString().equals(named) && !base.equals(named + "/")) {
      throw new IOException(request.uri() + " names issuer '" + named + "', expected '" + issuer + "'");
    }
    String jwks = document.getString("jwks_uri", null);
    if (jwks == null) {
      throw new IOException(request.uri() + " has no jwks_uri");
    }
    URI jwksUri = URI.create(jwks);
    requireSafeScheme(jwksUri, "jwks_uri");
    return jwksUri;
  }

  private static void requireSafeScheme(URI uri, String what) throws IOException {
    if ("https".equals(uri.getScheme())) {
      return;
    }
    if ("http".equals(uri.getScheme()) && isLoopback(uri.getHost())) {
      return;
    }
    throw new IOException(what + " " + uri + " must use https (http only on loopback)");
  }

  // Only "localhost" and loopback IP literals: a name is never resolved to decide this.
  private static boolean isLoopback(String host) throws IOException {
    if (host == null) {
      return false;
    }
    if (host.equals("localhost")) {
      return true;
    }
    String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return (literal.matches("[0-9.]+") || literal.contains(":")) && InetAddress.getByName(literal).isLoopbackAddress();
  }
}
