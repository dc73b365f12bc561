package dev.rigging.istiod.security.jwks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rigging.istiod.model.JwksKeys;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code JwksFetcher} fetches one JSON Web Key Set over HTTP(S) with the JDK client (TLS through
 * the JVM's default provider, BCJSSE in the FIPS build): from the {@code jwksUri}, or from the
 * {@code jwks_uri} of the issuer's OpenID discovery document when none is given, as Istio does.
 * Redirects are not followed, responses are bounded in size and time, and addresses inside the
 * cluster network are refused ({@link FetchAddresses}). The result must be a key set with at least
 * one key.
 */
final class JwksFetcher {
  static final String DISCOVERY_SUFFIX = "/.well-known/openid-configuration";
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpClient http; // created at the first fetch (guarded by this)
  private final boolean allowPrivate;
  private final int maxBytes;
  private final Duration timeout;

  JwksFetcher(boolean allowPrivate, int maxBytes, Duration timeout) {
    this.allowPrivate = allowPrivate;
    this.maxBytes = maxBytes;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * The client, made at the first fetch rather than at start-up: building one initialises the JVM's
   * default TLS context, which fails where no trust store is usable (a FIPS variant without a BCFKS
   * trust store). Then every fetch fails, closed and with that reason, and the control plane runs.
   */
  private synchronized HttpClient client() throws JwksFetchException {
    if (http == null) {
      try {
        http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
      } catch (RuntimeException e) {
        throw new JwksFetchException("no HTTP client: the JVM's default TLS context is unavailable (" + e.getMessage()
            + "); configure a trust store (javax.net.ssl.trustStore)");
      }
    }
    return http;
  }

  /** The key set of {@code source}, or a failure saying why there is none. */
  JwksKeys.Result fetch(JwksKeys.Source source) {
    try {
      String uri = source.jwksUri().isEmpty() ? discover(source.issuer()) : source.jwksUri();
      String body = get(uri);
      JsonNode keys = JSON.readTree(body).path("keys");
      if (!keys.isArray() || keys.isEmpty()) {
        throw new JwksFetchException(uri + " returned no keys");
      }
      return JwksKeys.Result.ok(body);
    } catch (JwksFetchException e) {
      return JwksKeys.Result.failed(e.getMessage());
    } catch (IOException e) {
      return JwksKeys.Result.failed("invalid key set: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return JwksKeys.Result.failed("interrupted");
    }
  }

  private String discover(String issuer) throws JwksFetchException, IOException, InterruptedException {
    if (issuer.isEmpty()) {
      throw new JwksFetchException("neither jwksUri nor issuer to discover it from");
    }
    String doc = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    JsonNode jwksUri = JSON.readTree(get(doc + DISCOVERY_SUFFIX)).path("jwks_uri");
    if (!jwksUri.isTextual() || jwksUri.asText().isEmpty()) {
      throw new JwksFetchException(doc + DISCOVERY_SUFFIX + " names no jwks_uri");
    }
    return jwksUri.asText();
  }

  private String get(String uri) throws JwksFetchException, IOException, InterruptedException {
    URI u;
    try {
      u = URI.create(uri);
    } catch (IllegalArgumentException e) {
      throw new JwksFetchException("invalid URL " + uri);
    }
    FetchAddresses.check(u, allowPrivate);
    HttpRequest request = HttpRequest.newBuilder(u).timeout(timeout).header("Accept", "application/json").GET().build();
    HttpResponse<InputStream> response;
    try {
      response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new JwksFetchException("GET " + uri + " failed: " + e.getMessage());
    }
    try (InputStream in = response.body()) {
      byte[] body = in.readNBytes(maxBytes + 1);
      if (response.statusCode() / 100 != 2) {
        throw new JwksFetchException("GET " + uri + " answered " + response.statusCode());
      }
      if (body.length > maxBytes) {
        throw new JwksFetchException("GET " + uri + " returned more than " + maxBytes + " bytes");
      }
      return new String(body, StandardCharsets.UTF_8);
    }
  }
}
