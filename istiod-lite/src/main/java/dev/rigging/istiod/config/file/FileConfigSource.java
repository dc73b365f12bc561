package dev.rigging.istiod.config.file;

import dev.rigging.istiod.config.ConfigChange;
import dev.rigging.istiod.config.ConfigMetrics;
import dev.rigging.istiod.config.ConfigSource;
import dev.rigging.istiod.config.ConfigStore;
import dev.rigging.mesh.config.ConfigError;
import dev.rigging.mesh.config.ConfigKey;
import dev.rigging.mesh.config.ConfigLoader;
import dev.rigging.mesh.config.ConfigObject;
import dev.rigging.mesh.config.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * {@code FileConfigSource} serves the Istio objects found in a directory of YAML/JSON files and
 * follows edits without a restart.
 *
 * <p>Each file is all or nothing: a file with any error is rejected as a whole, the error is logged
 * with file, document, object and field, it is counted, and the objects that file last produced
 * while valid keep being served. The same object defined in two files is an error of the file that
 * introduced the duplicate. Editors, {@code kubectl cp} and ConfigMap volumes replace files by
 * rename or symlink swap, which the JDK reports as creations: every event triggers a rescan of the
 * whole directory, and a periodic rescan catches anything a file system does not report.
 */
public final class FileConfigSource implements ConfigSource {
  private static final Logger LOG = Logger.getLogger(FileConfigSource.class);
  private static final Duration SETTLE = Duration.ofMillis(50);

  private final Path dir;
  private final ConfigLoader loader;
  private final ConfigMetrics metrics;
  private final Duration rescanEvery;
  private final Map<Path, FileState> files = new TreeMap<>();
  private volatile boolean synced;
  private volatile boolean closed;
  private WatchService watcher;
  private Thread thread;
  private ConfigStore store;

  /** What one file last was, and what it last validly produced. */
  private record FileState(String content, List<ConfigObject<?>> good, List<ConfigError> errors) {}

  /**
   * @param dir the directory to serve (must exist)
   * @param defaultNamespace namespace of objects that name none
   * @param rescanEvery full rescan period, a safety net for file systems without change events
   */
  public FileConfigSource(Path dir, String defaultNamespace, ConfigMetrics metrics, Duration rescanEvery) {
    this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
    this.loader = new ConfigLoader(defaultNamespace);
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.rescanEvery = rescanEvery;
  }

  @Override
  public synchronized void start(ConfigStore store) {
    this.store = Objects.requireNonNull(store, "store");
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("config directory " + dir + " does not exist or is not a directory "
          + "(set rigging.config.dir / RIGGING_CONFIG_DIR to a directory of Istio YAML files)");
    }
    try {
      watcher = FileSystems.getDefault().newWatchService();
      dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot watch config directory " + dir, e);
    }
    rescan("initial load");
    synced = true;
    LOG.infof("config source=%s loaded %d objects from %d files", describe(), objectCount(), files.size());
    thread = new Thread(this::watch, "rigging-config-watch");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public boolean synced() {
    return synced;
  }

  @Override
  public String describe() {
    return "file:" + dir;
  }

  /** Files currently rejected, with their errors; their last valid version is what is served. */
  @Override
  public synchronized Map<String, List<String>> rejected() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    files.forEach((p, s) -> {
      if (!s.errors().isEmpty()) {
        out.put(dir.relativize(p).toString(), s.errors().stream().map(ConfigError::toString).toList());
      }
    });
    return out;
  }

  private void watch() {
    while (!closed) {
      try {
        WatchKey key = watcher.poll(rescanEvery.toMillis(), TimeUnit.MILLISECONDS);
        if (key != null) {
          // An editor's save is several events (truncate, write, rename): wait until they stop coming.
          key.pollEvents();
          key.reset();
          WatchKey more;
          while ((more = watcher.poll(SETTLE.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            more.pollEvents();
            more.reset();
          }
        }
        rescan(key != null ? "file change" : "periodic rescan");
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      } catch (RuntimeException e) {
        LOG.errorf(e, "config source=%s rescan failed; serving the last good config", describe());
      }
    }
  }

  /** Reads the directory and applies every file that changed. Public for tests that cannot wait for events. */
  public synchronized void rescan(String why) {
    Map<Path, String> contents = readAll();
    Map<Path, FileState> next = new TreeMap<>(files);
    next.keySet().removeIf(p -> !contents.containsKey(p));
    List<Path> changed = new ArrayList<>();
    for (var e : contents.entrySet()) {
      FileState prev = files.get(e.getKey());
      if (prev == null || !prev.content().equals(e.getValue())) {
        changed.add(e.getKey());
      }
    }
    boolean removed = next.size() != files.size();
    if (changed.isEmpty() && !removed) {
      return;
    }
    EnumSet<Kind> kinds = EnumSet.noneOf(Kind.class);
    for (Path p : changed) {
      String name = dir.relativize(p).toString();
      ConfigLoader.Loaded loaded = loader.load(name, contents.get(p));
      List<ConfigError> errors = new ArrayList<>(loaded.errors());
      errors.addAll(duplicates(p, loaded.objects(), next));
      FileState prev = files.get(p);
      List<ConfigObject<?>> lastGood = prev == null ? List.of() : prev.good();
      if (errors.isEmpty()) {
        next.put(p, new FileState(contents.get(p), loaded.objects(), List.of()));
        lastGood.forEach(o -> kinds.add(o.kind()));
        loaded.objects().forEach(o -> kinds.add(o.kind()));
        if (prev != null && !prev.errors().isEmpty()) {
          LOG.infof("config file=%s is valid again and applied", name);
        }
      } else {
        next.put(p, new FileState(contents.get(p), lastGood, List.copyOf(errors)));
        metrics.rejected("file");
        LOG.errorf("config file=%s rejected (%d error%s); %s", name, errors.size(), errors.size() == 1 ? "" : "s",
            lastGood.isEmpty() ? "nothing from it is served" : "its last valid version keeps being served");
        errors.forEach(err -> LOG.errorf("  %s", err));
      }
    }
    files.forEach((p, s) -> {
      if (!next.containsKey(p)) {
        s.good().forEach(o -> kinds.add(o.kind()));
      }
    });
    files.clear();
    files.putAll(next);
    metrics.invalidNow("file", (int) files.values().stream().filter(s -> !s.errors().isEmpty()).count());
    Map<ConfigKey, ConfigObject<?>> objects = new HashMap<>();
    files.values().forEach(s -> s.good().forEach(o -> objects.put(o.key(), o)));
    store.update(snap -> snap.withConfigs(objects), ConfigChange.config(kinds, why + " in " + describe()));
  }

  private List<ConfigError> duplicates(Path self, List<ConfigObject<?>> objects, Map<Path, FileState> others) {
    List<ConfigError> errors = new ArrayList<>();
    for (ConfigObject<?> o : objects) {
      for (var e : others.entrySet()) {
        if (!e.getKey().equals(self) && e.getValue().good().stream().anyMatch(x -> x.key().equals(o.key()))) {
          errors.add(new ConfigError(o.origin(), o.key().toString(), "metadata.name",
              "already defined in " + dir.relativize(e.getKey()) + "; each object may be defined in one file only"));
        }
      }
    }
    return errors;
  }

  private Map<Path, String> readAll() {
    Map<Path, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir, 8, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
      walk.filter(p -> !isHidden(dir.relativize(p)))
          .filter(p -> {
            String n = p.getFileName().toString();
            return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
          })
          .filter(Files::isRegularFile)
          .forEach(p -> {
            try {
              out.put(p, Files.readString(p, StandardCharsets.UTF_8));
            } catch (IOException e) {
              LOG.warnf("config file=%s unreadable (%s); keeping what it last provided", p, e.getMessage());
              FileState prev = files.get(p);
              if (prev != null) {
                out.put(p, prev.content());
              }
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list config directory " + dir, e);
    }
    return out;
  }

  // ConfigMap volumes keep the real files under "..data"/"..2024_…" and expose them via symlinks.
  private static boolean isHidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private long objectCount() {
    return files.values().stream().mapToLong(s -> s.good().size()).sum();
  }

  @Override
  public void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
    }
    try {
      if (watcher != null) {
        watcher.close();
      }
    } catch (IOException e) {
      LOG.debugf("closing watcher: %s", e.getMessage());
    }
  }
}
