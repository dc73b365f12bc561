package dev.rigging.ca.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code FipsSelfCheck} decides whether this JVM runs its cryptography the way a FIPS variant must
 * ({@link FipsPolicy}): the Bouncy Castle FIPS module in approved-only mode with its self-tests
 * passed, {@code BCFIPS} then {@code BCJSSE} (FIPS mode) as providers 1 and 2 with no other provider
 * offering a service Rigging uses, {@code BCFKS} as the default key store type, and TLS named groups
 * limited to P-256/P-384. Each violation is a sentence naming what was found and what would be valid.
 */
public final class FipsSelfCheck {
  private FipsSelfCheck() {}

  /**
   * The outcome of a check.
   *
   * @param observation what was seen (absent when the module could not even be installed)
   * @param violations why the JVM is not acceptable; empty when it passed
   */
  public record Result(Optional<FipsObservation> observation, List<String> violations) {
    public Result {
      violations = List.copyOf(violations);
    }

    public boolean passed() {
      return violations.isEmpty();
    }
  }

  /** Installs the FIPS providers (see {@link Fips#install()}) and checks the JVM. */
  public static Result installAndCheck() {
    try {
      Fips.install();
    } catch (IllegalStateException e) {
      return new Result(Optional.empty(), List.of(e.getMessage()));
    }
    FipsObservation observation = FipsObservation.capture();
    return new Result(Optional.of(observation), violations(observation));
  }

  /** The violations of {@link FipsPolicy} in {@code o}; empty when it complies. */
  public static List<String> violations(FipsObservation o) {
    List<String> found = new ArrayList<>();
    if (!o.approvedOnly()) {
      found.add("Bouncy Castle FIPS is not in approved-only mode: set " + Fips.APPROVED_ONLY_PROPERTY
          + "=true (java.security override) before any Bouncy Castle class loads");
    }
    if (!"READY".equals(o.selfTest())) {
      found.add("Bouncy Castle FIPS self-test status is \"" + o.selfTest()
          + "\", not READY: the module is in its error state and must not be used");
    }
    providerOrder(o, found);
    otherProviders(o, found);
    if (!FipsPolicy.KEY_STORE_TYPE.equals(o.keyStoreType())) {
      found.add("default key store type is " + o.keyStoreType() + ", not " + FipsPolicy.KEY_STORE_TYPE
          + " (keystore.type in the java.security override)");
    }
    namedGroups(o.namedGroups(), found);
    return found;
  }

  private static void providerOrder(FipsObservation o, List<String> found) {
    List<String> names = o.providerNames();
    List<String> expected = FipsPolicy.PROVIDER_ORDER;
    if (names.size() < expected.size() || !names.subList(0, expected.size()).equals(expected)) {
      found.add("security providers are " + names + "; a FIPS variant needs " + Fips.PROVIDER + " first and "
          + Fips.JSSE_PROVIDER + " second (security.provider.1=org.bouncycastle.jcajce.provider.BouncyCastleFipsProvider, "
          + "security.provider.2=org.bouncycastle.jsse.provider.BouncyCastleJsseProvider fips:BCFIPS)");
    }
    o.providers().stream().filter(p -> p.name().equals(Fips.JSSE_PROVIDER) && !p.fipsMode().orElse(false))
        .forEach(p -> found.add(Fips.JSSE_PROVIDER + " (" + p.className() + ") is not in FIPS mode; register it as "
            + "\"org.bouncycastle.jsse.provider.BouncyCastleJsseProvider fips:BCFIPS\""));
  }

  private static void otherProviders(FipsObservation o, List<String> found) {
    Map<String, List<String>> byIntruder = new LinkedHashMap<>();
    for (Map.Entry<FipsPolicy.Service, List<String>> e : o.offers().entrySet()) {
      FipsPolicy.Service service = e.getKey();
      if (!e.getValue().contains(service.provider())) {
        found.add(service.provider() + " does not offer " + service + ", which Rigging uses");
      }
      e.getValue().stream().filter(name -> !name.equals(service.provider()))
          .forEach(name -> byIntruder.computeIfAbsent(name, n -> new ArrayList<>()).add(service.toString()));
    }
    byIntruder.forEach((name, services) -> found.add("provider " + name + " would serve " + services
        + ", which only the Bouncy Castle FIPS providers may serve: remove it from the java.security provider list"));
  }

  private static void namedGroups(Optional<String> configured, List<String> found) {
    String allowed = String.join(",", FipsPolicy.TLS_NAMED_GROUPS);
    if (configured.isEmpty()) {
      found.add(FipsPolicy.NAMED_GROUPS_PROPERTY + " is not set, so TLS would offer every group BCJSSE supports; set -D"
          + FipsPolicy.NAMED_GROUPS_PROPERTY + "=" + allowed);
      return;
    }
    List<String> groups = Arrays.stream(configured.get().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (groups.isEmpty() || !FipsPolicy.TLS_NAMED_GROUPS.containsAll(groups)) {
      found.add(FipsPolicy.NAMED_GROUPS_PROPERTY + "=" + configured.get() + " allows groups outside " + allowed);
    }
  }
}
