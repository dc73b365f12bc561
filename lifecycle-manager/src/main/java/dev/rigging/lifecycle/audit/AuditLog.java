package dev.rigging.lifecycle.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rigging.lifecycle.errors.FailureException;
import dev.rigging.lifecycle.kube.Cluster;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code AuditLog} appends one JSON line per change rig makes to a cluster (install, upgrade,
 * rollback, uninstall, tag changes, each fleet step), successful or not. Dry runs change nothing
 * and are not recorded. Lines are appended under a file lock so that parallel rig processes do
 * not interleave them.
 */
public final class AuditLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;
  private final Clock clock;
  private final String osUser;

  public AuditLog(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
    this.osUser = System.getProperty("user.name", "");
  }

  public Path file() {
    return file;
  }

  /**
   * Runs {@code change} against {@code cluster} and records it with its result; a failure is
   * recorded and rethrown.
   */
  public <T> T record(Cluster cluster, String action, Map<String, String> details, Supplier<T> change) {
    try {
      T result = change.get();
      append(cluster, action, details, "success", null);
      return result;
    } catch (RuntimeException e) {
      append(cluster, action, details, "failure", e.getMessage());
      throw e;
    }
  }

  /** Records an entry directly (for outcomes decided by the caller, such as an automatic rollback). */
  public void append(Cluster cluster, String action, Map<String, String> details, String result, String error) {
    AuditEntry e = new AuditEntry(Instant.now(clock).toString(), osUser, cluster.user(), cluster.context(),
        cluster.server(), action, new LinkedHashMap<>(details), result, error);
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      byte[] line = (JSON.writeValueAsString(e) + "\n").getBytes(StandardCharsets.UTF_8);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND); FileLock lock = ch.lock()) {
        ch.write(java.nio.ByteBuffer.wrap(line));
      }
    } catch (IOException ex) {
      // Changes are never made silently: if the audit trail cannot be written, say so loudly.
      throw new FailureException("cannot append to audit log " + file + ": " + ex.getMessage()
          + " (set --audit-log or RIG_AUDIT_LOG to a writable file)", ex);
    }
  }
}
