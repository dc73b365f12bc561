package dev.rigging.ca.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * {@code Tokens} is a test token issuer: an RSA-2048 signing key with a key id, its JWKS, and
 * service-account tokens minted with smallrye-jwt-build.
 */
public final class Tokens {
  private final KeyPair keys;
  private final String keyId;
  private final String issuer;

  public Tokens(String keyId, String issuer) {
    this(TestPki.rsa2048(), keyId, issuer);
  }

  public Tokens(KeyPair keys, String keyId, String issuer) {
    this.keys = keys;
    this.keyId = keyId;
    this.issuer = issuer;
  }

  public KeyPair keys() {
    return keys;
  }

  /** A token for {@code system:serviceaccount:NS:SA} with audience {@code istio-ca}, valid for an hour. */
  public String serviceAccount(String namespace, String serviceAccount) {
    return token("system:serviceaccount:" + namespace + ":" + serviceAccount, "istio-ca", Instant.now().plus(Duration.ofHours(1)));
  }

  /** A token with the given subject, audience and expiry. */
  public String token(String subject, String audience, Instant expiresAt) {
    return sign(keys.getPrivate(), keyId, issuer, subject, audience, expiresAt);
  }

  /** A token signed (RS256) with {@code key}. */
  public static String sign(PrivateKey key, String keyId, String issuer, String subject, String audience,
      Instant expiresAt) {
    JwtClaimsBuilder claims = Jwt.claims().subject(subject).audience(audience).issuer(issuer)
        .issuedAt(Instant.now().minusSeconds(600)).expiresAt(expiresAt);
    return claims.jws().keyId(keyId).sign(key);
  }

  /** The public JWKS document for this issuer's key. */
  public String jwks() {
    try {
      PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(keys.getPublic());
      jwk.setKeyId(keyId);
      jwk.setUse("sig");
      jwk.setAlgorithm("RS256");
      return new JsonWebKeySet(List.<JsonWebKey>of(jwk)).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@link #jwks()} to {@code file}. */
  public Path writeJwks(Path file) throws IOException {
    Files.writeString(file, jwks());
    return file;
  }

  public String issuer() {
    return issuer;
  }
}
