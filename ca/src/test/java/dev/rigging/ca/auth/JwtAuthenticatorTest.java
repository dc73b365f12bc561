package dev.rigging.ca.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.rigging.ca.Identity;
import dev.rigging.ca.testing.Tokens;
import io.grpc.Metadata;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtAuthenticatorTest {
  static Tokens issuer;
  static Tokens stranger;

  @TempDir Path dir;

  @BeforeAll
  static void keys() {
    issuer = new Tokens("k1", "https://kubernetes.default.svc.cluster.local");
    stranger = new Tokens("k1", "https://kubernetes.default.svc.cluster.local");
  }

  JwtAuthenticator fromFile() throws Exception {
    return JwtAuthenticator.jwksFile(issuer.writeJwks(dir.resolve("jwks.json")), "istio-ca", Optional.empty(), "cluster.local");
  }

  @Test
  void aServiceAccountTokenIsTheServiceAccount() throws Exception {
    AuthResult result = fromFile().authenticate(bearer(issuer.serviceAccount("shop", "reviews")), List.of());

    assertThat(result).isEqualTo(new AuthResult.Authenticated(new Identity("cluster.local", "shop", "reviews"), "jwt"));
  }

  @Test
  void refusesExpiredWrongAudienceAndBadlySignedTokens() throws Exception {
    JwtAuthenticator jwt = fromFile();
    String sub = "system:serviceaccount:shop:reviews";

    assertRejected(jwt, issuer.token(sub, "istio-ca", Instant.now().minus(Duration.ofMinutes(10))));
    assertRejected(jwt, issuer.token(sub, "kubernetes.default.svc", Instant.now().plus(Duration.ofHours(1))));
    assertRejected(jwt, stranger.serviceAccount("shop", "reviews"));
    String token = issuer.serviceAccount("shop", "reviews");
    assertRejected(jwt, token.substring(0, token.length() - 4) + "AAAA");
    assertRejected(jwt, "not.a.jwt");
  }

  @Test
  void aRefusedTokenNeverAppearsInTheReason() throws Exception {
    String token = stranger.serviceAccount("shop", "reviews");

    AuthResult result = fromFile().authenticate(bearer(token), List.of());

    assertThat(result).isInstanceOfSatisfying(AuthResult.Rejected.class, r -> {
      assertThat(r.reason()).contains("<token redacted>").doesNotContain(token.substring(token.lastIndexOf('.') + 1));
      assertThat(r.reason()).doesNotContain(token.substring(0, token.indexOf('.')));
    });
  }

  @Test
  void theSubjectMustBeAServiceAccount() throws Exception {
    JwtAuthenticator jwt = fromFile();

    assertRejected(jwt, issuer.token("system:node:worker-1", "istio-ca", Instant.now().plusSeconds(600)));
    assertRejected(jwt, issuer.token("system:serviceaccount:shop:a/b", "istio-ca", Instant.now().plusSeconds(600)));
  }

  @Test
  void noTokenIsNotPresentedAndAMalformedHeaderIsRefused() throws Exception {
    JwtAuthenticator jwt = fromFile();
    Metadata basic = new Metadata();
    basic.put(BearerTokens.AUTHORIZATION, "Basic dXNlcjpwYXNz");

    assertThat(jwt.authenticate(new Metadata(), List.of())).isInstanceOf(AuthResult.NotPresented.class);
    assertThat(jwt.authenticate(basic, List.of())).isInstanceOf(AuthResult.Rejected.class);
  }

  @Test
  void aConfiguredIssuerIsChecked() throws Exception {
    JwtAuthenticator jwt = JwtAuthenticator.jwksFile(issuer.writeJwks(dir.resolve("jwks.json")), "istio-ca",
        Optional.of("https://elsewhere.example"), "cluster.local");

    assertRejected(jwt, issuer.serviceAccount("shop", "reviews"));
  }

  @Test
  void aRewrittenJwksFileIsPickedUp() throws Exception {
    Path jwks = issuer.writeJwks(dir.resolve("jwks.json"));
    JwtAuthenticator jwt = JwtAuthenticator.jwksFile(jwks, "istio-ca", Optional.empty(), "cluster.local");
    assertRejected(jwt, stranger.serviceAccount("shop", "reviews"));

    stranger.writeJwks(jwks);
    Files.setLastModifiedTime(jwks, FileTime.from(Instant.now().plusSeconds(5)));

    assertThat(jwt.authenticate(bearer(stranger.serviceAccount("shop", "reviews")), List.of()))
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void verifiesAgainstAnOidcIssuersPublishedKeys() throws Exception {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String base = "http://127.0.0.1:" + http.getAddress().getPort();
    Tokens oidc = new Tokens("oidc-1", base + "/issuer");
    serve(http, "/issuer/.well-known/openid-configuration",
        "{\"issuer\":\"" + base + "/issuer\",\"jwks_uri\":\"" + base + "/issuer/keys\"}");
    serve(http, "/issuer/keys", oidc.jwks());
    http.start();
    try {
      JwtAuthenticator jwt = JwtAuthenticator.oidcIssuer(URI.create(base + "/issuer"), "istio-ca", "cluster.local");

      assertThat(jwt.authenticate(bearer(oidc.serviceAccount("shop", "reviews")), List.of()))
          .isEqualTo(new AuthResult.Authenticated(new Identity("cluster.local", "shop", "reviews"), "jwt"));
      assertRejected(jwt, issuer.serviceAccount("shop", "reviews"));
    } finally {
      http.stop(0);
    }
  }

  @Test
  void anOidcIssuerThatNamesAnotherIssuerIsRefused() throws Exception {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String base = "http://127.0.0.1:" + http.getAddress().getPort();
    serve(http, "/issuer/.well-known/openid-configuration",
        "{\"issuer\":\"https://evil.example\",\"jwks_uri\":\"" + base + "/issuer/keys\"}");
    http.start();
    try {
      JwtAuthenticator jwt = JwtAuthenticator.oidcIssuer(URI.create(base + "/issuer"), "istio-ca", "cluster.local");
      AuthResult result = jwt.authenticate(bearer(issuer.serviceAccount("shop", "reviews")), List.of());

      assertThat(result).isInstanceOfSatisfying(AuthResult.Rejected.class,
          r -> assertThat(r.reason()).contains("names issuer 'https://evil.example'"));
    } finally {
      http.stop(0);
    }
  }

  @Test
  void plainHttpIssuersAreRefusedUnlessOnLoopback() {
    JwtAuthenticator jwt = JwtAuthenticator.oidcIssuer(URI.create("http://issuer.example"), "istio-ca", "cluster.local");

    assertThat(jwt.authenticate(bearer(issuer.serviceAccount("shop", "reviews")), List.of()))
        .isInstanceOfSatisfying(AuthResult.Rejected.class, r -> assertThat(r.reason()).contains("must use https"));
  }

  static Metadata bearer(String token) {
    Metadata headers = new Metadata();
    headers.put(BearerTokens.AUTHORIZATION, "Bearer " + token);
    return headers;
  }

  private static void assertRejected(JwtAuthenticator jwt, String token) {
    assertThat(jwt.authenticate(bearer(token), List.of())).isInstanceOf(AuthResult.Rejected.class);
  }

  private static void serve(HttpServer http, String path, String body) {
    http.createContext(path, exchange -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
  }
}
