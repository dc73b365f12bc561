package dev.rigging.lifecycle.cli;

import dev.rigging.lifecycle.audit.AuditLog;
import dev.rigging.lifecycle.catalog.Catalog;
import dev.rigging.lifecycle.catalog.CatalogLoader;
import dev.rigging.lifecycle.errors.UsageException;
import dev.rigging.lifecycle.output.Console;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code RigContext} gives commands what they share: the console, the catalog, the audit log, the
 * poll interval and today's date, resolved from flags first and {@link RigConfig} second.
 */
@ApplicationScoped
public class RigContext {
  @Inject RigConfig config;

  public Console console() {
    return Console.system();
  }

  public Catalog catalog(Optional<Path> flag) {
    return CatalogLoader.load(flag.or(() -> config.catalog().map(Path::of)));
  }

  public AuditLog audit(Optional<Path> flag) {
    return new AuditLog(flag.orElseGet(() -> Path.of(config.auditLog())), Clock.systemUTC());
  }

  public Duration poll() {
    return config.pollInterval();
  }

  public LocalDate today() {
    try {
      return config.today().map(LocalDate::parse).orElseGet(() -> LocalDate.now(Clock.systemUTC()));
    } catch (DateTimeParseException e) {
      throw new UsageException("rig.today / RIG_TODAY: \"" + config.today().orElse("") + "\" is not a date (YYYY-MM-DD)");
    }
  }
}
