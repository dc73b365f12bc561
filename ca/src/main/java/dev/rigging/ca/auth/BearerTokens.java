package dev.rigging.ca.auth;

import io.grpc.Metadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code BearerTokens} reads the bearer token from a call's {@code authorization} metadata. */
public final class BearerTokens {
  /** The metadata key Istio's agents send the token in. */
  public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String SCHEME = "bearer ";

  private BearerTokens() {}

  /**
   * The token, empty when the call has no {@code authorization} entry.
   *
   * @throws IllegalArgumentException when there are several entries, or the entry is not a
   *     non-empty {@code Bearer} token (an ambiguous or malformed credential is refused, not ignored)
   */
  public static Optional<String> extract(Metadata headers) {
    Iterable<String> values = headers.getAll(AUTHORIZATION);
    if (values == null) {
      return Optional.empty();
    }
    List<String> all = new ArrayList<>();
    values.forEach(all::add);
    if (all.size() != 1) {
      throw new IllegalArgumentException(all.size() + " authorization entries (exactly one expected)");
    }
    String value = all.get(0).trim();
    if (!value.toLowerCase(Locale.ROOT).startsWith(SCHEME) || value.substring(SCHEME.length()).isBlank()) {
      throw new IllegalArgumentException("authorization entry is not a Bearer token");
    }
    return Optional.of(value.substring(SCHEME.length()).trim());
  }
}
