package dev.rigging.ca.app;

import dev.rigging.ca.crypto.FipsStartup;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * {@code CaMain} is the standalone CA's entry point: it puts the JVM on the FIPS module in
 * approved-only mode before Quarkus (or anything else) can load a Bouncy Castle class, and — in a
 * FIPS variant ({@code rigging.fips.required=true}) — refuses to start unless the FIPS self-check
 * passes.
 */
@QuarkusMain
public final class CaMain {
  public static void main(String... args) {
    FipsStartup.enforceOrExit("ca");
    Quarkus.run(args);
  }
}
