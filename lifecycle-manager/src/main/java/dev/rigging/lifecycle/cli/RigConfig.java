package dev.rigging.lifecycle.cli;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code RigConfig} is rig's own configuration ({@code rig.*} properties or {@code RIG_*}
 * environment variables), for what flags should not have to repeat on every call.
 */
@ConfigMapping(prefix = "rig")
public interface RigConfig {
  /** How often readiness is polled while waiting. */
  @WithDefault("2s")
  Duration pollInterval();

  /** The audit log ({@code RIG_AUDIT_LOG}); {@code --audit-log} overrides it. */
  @WithDefault("${user.home}/.rig/audit.log")
  String auditLog();

  /** A release catalog file replacing the built-in one ({@code RIG_CATALOG}); {@code --catalog} overrides it. */
  Optional<String> catalog();

  /** The date end-of-life is judged against (ISO, e.g. 2027-01-31); today when unset. */
  Optional<String> today();
}
