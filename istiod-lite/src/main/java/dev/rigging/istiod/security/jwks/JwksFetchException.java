package dev.rigging.istiod.security.jwks;

/** {@code JwksFetchException} says why a key set could not be fetched; the message is logged and explained. */
final class JwksFetchException extends Exception {
  JwksFetchException(String message) {
    super(message, null, false, false);
  }
}
