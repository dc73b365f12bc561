package dev.rigging.istiod.security.jwks;

import dev.rigging.istiod.model.JwksKeys;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * {@code JwksResolver} keeps the key sets RequestAuthentications name, for pushes to inline: a key
 * set needed for the first time is fetched before the push that needs it (bounded by the fetch
 * timeout; sources are fetched in parallel), later pushes use the cache. In the background each
 * key set is fetched again {@code refresh} after a success and {@code refreshOnFailure} after a
 * failure, and a change (new keys, keys recovered) triggers a push; a failed refresh keeps the
 * last good keys. Key sets the latest push no longer needs are dropped once unused for
 * {@code eviction}, or sooner (least recently used first) beyond {@code maxEntries}. Every
 * failure is logged with its source and reason; the filter then fails closed.
 */
public final class JwksResolver implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(JwksResolver.class);

  /**
   * How keys are fetched and kept.
   *
   * @param allowPrivate fetch from private, loopback and link-local addresses too
   * @param maxBytes the largest key set (or discovery document) accepted
   * @param timeout connect and response timeout of one fetch
   * @param refresh how often key sets are fetched again
   * @param refreshOnFailure how often while some fetch is failing
   * @param eviction how long an entry no push asks for is kept
   * @param maxEntries how many key sets are cached at most
   */
  public record Settings(boolean allowPrivate, int maxBytes, Duration timeout, Duration refresh,
      Duration refreshOnFailure, Duration eviction, int maxEntries) {
    public Settings {
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(refresh, "refresh");
      Objects.requireNonNull(refreshOnFailure, "refreshOnFailure");
      Objects.requireNonNull(eviction, "eviction");
      if (maxBytes <= 0 || maxEntries <= 0) {
        throw new IllegalArgumentException("maxBytes and maxEntries must be positive");
      }
    }
  }

  private static final class Entry {
    volatile JwksKeys.Result result;
    volatile long lastUsed;
    volatile long nextFetch;

    Entry(JwksKeys.Result result, long now, long nextFetch) {
      this.result = result;
      this.lastUsed = now;
      this.nextFetch = nextFetch;
    }
  }

  private final Settings settings;
  private final JwksFetcher fetcher;
  private final Runnable onChange;
  private final LongSupplier clock;
  private final Map<JwksKeys.Source, Entry> cache = new ConcurrentHashMap<>();
  /** The sources the latest push asked for: refreshed for as long as they are, never dropped. */
  private volatile Set<JwksKeys.Source> inUse = Set.of();
  private final ExecutorService fetches = Executors.newCachedThreadPool(daemon("rigging-jwks-fetch"));
  private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
      daemon("rigging-jwks-refresh"));

  /**
   * @param onChange called (from the refresher thread) when a refresh changed some key set
   */
  public JwksResolver(Settings settings, Runnable onChange) {
    this(settings, onChange, System::nanoTime);
  }

  JwksResolver(Settings settings, Runnable onChange, LongSupplier clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.fetcher = new JwksFetcher(settings.allowPrivate(), settings.maxBytes(), settings.timeout());
    this.onChange = Objects.requireNonNull(onChange, "onChange");
    this.clock = clock;
    long tick = Math.max(1, Math.min(settings.refresh().toMillis(), settings.refreshOnFailure().toMillis()));
    refresher.scheduleWithFixedDelay(this::refreshLoop, tick, tick, TimeUnit.MILLISECONDS);
  }

  /** The keys of {@code sources}; sources never fetched are fetched now. */
  public JwksKeys resolve(Collection<JwksKeys.Source> sources) {
    long now = clock.getAsLong();
    inUse = Set.copyOf(sources);
    List<CompletableFuture<Void>> pending = sources.stream().filter(s -> !cache.containsKey(s))
        .map(s -> CompletableFuture.runAsync(() -> {
          JwksKeys.Result r = fetch(s);
          cache.putIfAbsent(s, new Entry(r, now, now + delay(r).toNanos()));
        }, fetches)).toList();
    pending.forEach(CompletableFuture::join);
    Map<JwksKeys.Source, JwksKeys.Result> out = new LinkedHashMap<>();
    for (JwksKeys.Source s : sources) {
      Entry e = cache.get(s);
      if (e != null) {
        e.lastUsed = now;
        out.put(s, e.result);
      }
    }
    trim();
    return new JwksKeys(out);
  }

  /**
   * Fetches again every cached key set that is due ({@code refresh} after a success,
   * {@code refreshOnFailure} after a failure) and drops those the latest push no longer needs and
   * no push asked for within {@code eviction}; returns whether any key set changed. Runs on the refresher thread.
   */
  boolean refreshDue() {
    long now = clock.getAsLong();
    Set<JwksKeys.Source> used = inUse;
    cache.entrySet().removeIf(e -> !used.contains(e.getKey())
        && now - e.getValue().lastUsed > settings.eviction().toNanos());
    boolean changed = false;
    for (Map.Entry<JwksKeys.Source, Entry> e : cache.entrySet()) {
      Entry entry = e.getValue();
      if (now - entry.nextFetch < 0) {
        continue;
      }
      JwksKeys.Result fresh = fetch(e.getKey());
      entry.nextFetch = now + delay(fresh).toNanos();
      if (!fresh.ok() && entry.result.ok()) {
        // a failed refresh keeps serving the last good keys, as Istio does: a flaky issuer
        // endpoint should not make every valid token fail
        continue;
      }
      if (!fresh.equals(entry.result)) {
        entry.result = fresh;
        changed = true;
      }
    }
    return changed;
  }

  private Duration delay(JwksKeys.Result r) {
    return r.ok() ? settings.refresh() : settings.refreshOnFailure();
  }

  private void refreshLoop() {
    try {
      if (refreshDue()) {
        LOG.infof("jwks changed on refresh; pushing");
        onChange.run();
      }
    } catch (RuntimeException e) {
      LOG.errorf(e, "jwks refresh failed");
    }
  }

  private JwksKeys.Result fetch(JwksKeys.Source s) {
    JwksKeys.Result r;
    try {
      r = fetcher.fetch(s);
    } catch (RuntimeException e) {
      r = JwksKeys.Result.failed(e.toString());
    }
    if (!r.ok()) {
      LOG.warnf("jwks fetch failed issuer=%s jwksUri=%s reason=%s; tokens of this issuer are rejected until it succeeds",
          s.issuer(), s.jwksUri(), r.error());
    }
    return r;
  }

  private void trim() {
    int excess = cache.size() - settings.maxEntries();
    if (excess > 0) {
      Set<JwksKeys.Source> used = inUse;
      cache.entrySet().stream().filter(e -> !used.contains(e.getKey()))
          .sorted(Comparator.comparingLong(e -> e.getValue().lastUsed)).limit(excess)
          .map(Map.Entry::getKey).toList().forEach(cache::remove);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    refresher.shutdownNow();
    fetches.shutdownNow();
  }
}
