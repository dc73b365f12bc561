package dev.rigging.ca.crypto;

import java.security.PublicKey;
import java.util.List;

/**
 * {@code VerifiedCsr} is a certificate request whose signature verified and whose key is approved.
 * Only {@link #publicKey()} goes into a certificate; {@link #requestedNames()} (the SANs the
 * request asked for) is kept for logging, never for signing.
 */
public record VerifiedCsr(PublicKey publicKey, String signatureAlgorithm, List<String> requestedNames) {
  public VerifiedCsr {
    requestedNames = List.copyOf(requestedNames);
  }
}
