package dev.rigging.istiod.app;

import dev.rigging.ca.crypto.FipsStartup;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * {@code IstiodMain} is istiod-lite's entry point: it puts the JVM on the Bouncy Castle FIPS module
 * in approved-only mode before Quarkus, or anything else, can load a Bouncy Castle class or create
 * a random number generator, and — in a FIPS variant ({@code rigging.fips.required=true}) — refuses
 * to start unless the FIPS self-check passes.
 */
@QuarkusMain
public final class IstiodMain {
  private IstiodMain() {}

  public static void main(String... args) {
    FipsStartup.enforceOrExit("istiod-lite");
    Quarkus.run(args);
  }
}
