package dev.rigging.ca.auth;

import dev.rigging.ca.Identity;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code JwtAuthenticator} verifies service-account tokens locally (file mode) with smallrye-jwt:
 * the signature against a JWKS — a file, re-read when it changes, or an OIDC issuer's published
 * keys — the expiry, the audience and, when configured, the issuer. The token's {@code sub} must
 * be {@code system:serviceaccount:NAMESPACE:NAME}; that service account is the caller.
 */
public final class JwtAuthenticator extends BearerTokenAuthenticator {
  /** Istio's audience for tokens sent to the CA. */
  public static final String DEFAULT_AUDIENCE = "istio-ca";
  private static final Set<SignatureAlgorithm> ALGORITHMS = Set.of(SignatureAlgorithm.RS256, SignatureAlgorithm.RS384,
      SignatureAlgorithm.RS512, SignatureAlgorithm.PS256, SignatureAlgorithm.PS384, SignatureAlgorithm.PS512,
      SignatureAlgorithm.ES256, SignatureAlgorithm.ES384);
  private static final Duration DISCOVERY_RETRY = Duration.ofSeconds(10);
  private static final int CLOCK_SKEW_SECONDS = 30;
  private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]+");

  private final String trustDomain;
  private final String audience;
  private final Optional<String> issuer;
  private final Path jwksFile;
  private final URI oidcIssuer;
  private volatile JWTParser parser;
  private volatile FileTime parsedFileTime;
  private volatile Instant nextDiscovery = Instant.MIN;

  private JwtAuthenticator(String trustDomain, String audience, Optional<String> issuer, Path jwksFile, URI oidcIssuer) {
    this.trustDomain = Objects.requireNonNull(trustDomain, "trustDomain");
    this.audience = Objects.requireNonNull(audience, "audience");
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.jwksFile = jwksFile;
    this.oidcIssuer = oidcIssuer;
  }

  /** Verifies against the keys in {@code jwks} (re-read when the file changes); {@code issuer} is checked when present. */
  public static JwtAuthenticator jwksFile(Path jwks, String audience, Optional<String> issuer, String trustDomain) {
    return new JwtAuthenticator(trustDomain, audience, issuer, Objects.requireNonNull(jwks, "jwks").toAbsolutePath(), null);
  }

  /** Verifies against the keys an OIDC issuer publishes (discovered on first use); the {@code iss} claim must be the issuer. */
  public static JwtAuthenticator oidcIssuer(URI issuer, String audience, String trustDomain) {
    Objects.requireNonNull(issuer, "issuer");
    return new JwtAuthenticator(trustDomain, audience, Optional.of(issuer.toString()), null, issuer);
  }

  @Override
  protected AuthResult authenticateToken(String token) {
    JWTParser current;
    try {
      current = parser();
    } catch (IOException e) {
      return new AuthResult.Rejected("JWT keys unavailable: " + e.getMessage());
    }
    JsonWebToken jwt;
    try {
      jwt = current.parse(token);
    } catch (ParseException e) {
      return new AuthResult.Rejected("JWT refused: " + describe(e));
    }
    try {
      return new AuthResult.Authenticated(Identity.fromServiceAccountUser(trustDomain, jwt.getSubject()), "jwt");
    } catch (IllegalArgumentException e) {
      return new AuthResult.Rejected("JWT subject refused: " + e.getMessage());
    }
  }

  private JWTParser parser() throws IOException {
    return jwksFile != null ? fileParser() : discoveredParser();
  }

  private synchronized JWTParser fileParser() throws IOException {
    FileTime modified = Files.getLastModifiedTime(jwksFile);
    if (parser == null || !modified.equals(parsedFileTime)) {
      JWTAuthContextInfo info = context(null);
      info.setPublicKeyContent(Files.readString(jwksFile, StandardCharsets.UTF_8));
      parser = new DefaultJWTParser(info);
      parsedFileTime = modified;
    }
    return parser;
  }

  private synchronized JWTParser discoveredParser() throws IOException {
    if (parser == null) {
      if (Instant.now().isBefore(nextDiscovery)) {
        throw new IOException("OIDC discovery for " + oidcIssuer + " failed recently; retrying after " + nextDiscovery);
      }
      try {
        parser = new DefaultJWTParser(context(OidcDiscovery.jwksUri(oidcIssuer).toString()));
      } catch (IOException e) {
        nextDiscovery = Instant.now().plus(DISCOVERY_RETRY);
        throw e;
      }
    }
    return parser;
  }

  private JWTAuthContextInfo context(String keyLocation) {
    JWTAuthContextInfo info = new JWTAuthContextInfo(keyLocation, issuer.orElse(null));
    info.setExpectedAudience(Set.of(audience));
    info.setSignatureAlgorithm(ALGORITHMS);
    info.setRequiredClaims(Set.of("sub", "exp"));
    info.setExpGracePeriodSecs(CLOCK_SKEW_SECONDS);
    info.setJwksRefreshInterval(10);
    return info;
  }

  // jose4j quotes the whole compact JWS in some messages; a bearer token must never reach a log.
  private static String describe(Throwable e) {
    StringBuilder out = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      out.append(": ").append(c.getMessage());
    }
    return COMPACT_JWS.matcher(out).replaceAll("<token redacted>");
  }
}
