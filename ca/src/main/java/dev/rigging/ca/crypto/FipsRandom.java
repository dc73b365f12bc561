package dev.rigging.ca.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/** {@code FipsRandom} is the FIPS provider's approved DRBG, shared (it is thread safe). */
final class FipsRandom {
  private FipsRandom() {}

  static SecureRandom instance() {
    Fips.install();
    try {
      return SecureRandom.getInstance("DEFAULT", Fips.PROVIDER);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the FIPS DRBG is unavailable; was Fips.install() called?", e);
    }
  }
}
