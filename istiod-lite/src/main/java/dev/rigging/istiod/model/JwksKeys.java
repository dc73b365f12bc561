package dev.rigging.istiod.model;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code JwksKeys} is the input of a push that comes from outside the mesh config: the JSON Web
 * Key Sets the control plane fetched for RequestAuthentication {@code jwksUri}s (or discovered
 * from issuers). Translation reads it and never fetches; a source without keys makes the JWT
 * filter fail closed.
 *
 * @param keys per source, what was fetched
 */
public record JwksKeys(Map<Source, Result> keys) {

  /** No keys fetched. */
  public static final JwksKeys NONE = new JwksKeys(Map.of());

  /**
   * Where keys come from.
   *
   * @param issuer the JWT issuer (used for OpenID discovery when {@code jwksUri} is empty)
   * @param jwksUri the key set URL, empty to discover it from the issuer
   */
  public record Source(String issuer, String jwksUri) implements Comparable<Source> {
    public Source {
      issuer = issuer == null ? "" : issuer;
      jwksUri = jwksUri == null ? "" : jwksUri;
    }

    @Override
    public int compareTo(Source o) {
      int c = jwksUri.compareTo(o.jwksUri);
      return c != 0 ? c : issuer.compareTo(o.issuer);
    }
  }

  /**
   * One fetch outcome: the key set JSON, or why there is none.
   *
   * @param jwks the key set as fetched, empty on failure
   * @param error why fetching failed, empty on success
   */
  public record Result(String jwks, String error) {
    public Result {
      Objects.requireNonNull(jwks, "jwks");
      Objects.requireNonNull(error, "error");
    }

    public static Result ok(String jwks) {
      return new Result(jwks, "");
    }

    public static Result failed(String error) {
      return new Result("", error);
    }

    public boolean ok() {
      return error.isEmpty();
    }
  }

  public JwksKeys {
    keys = java.util.Collections.unmodifiableMap(new TreeMap<>(keys));
  }

  /** What was fetched for {@code source}; empty when it never was. */
  public Optional<Result> get(Source source) {
    return Optional.ofNullable(keys.get(source));
  }
}
