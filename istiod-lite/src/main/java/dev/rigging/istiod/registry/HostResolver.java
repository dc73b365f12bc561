package dev.rigging.istiod.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * {@code HostResolver} resolves the host names of DNS ServiceEntries for proxyless gRPC clients,
 * which accept only IP endpoints (Envoy resolves them itself).
 *
 * <p>Results are cached; a background refresh re-resolves every known name each {@code refresh}
 * interval and calls {@code onChange} when any answer changed, so that endpoints follow DNS.
 * Names that fail to resolve yield no endpoints (logged once per change of outcome).
 */
public final class HostResolver implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(HostResolver.class);

  private final Map<String, List<String>> cache = new ConcurrentHashMap<>();
  private final Function<String, List<String>> lookup;
  private final ScheduledExecutorService refresher;
  private volatile Runnable onChange = () -> { };

  /** A resolver using the JVM's DNS, refreshing every {@code refresh}. */
  public HostResolver(Duration refresh) {
    this(HostResolver::systemLookup, refresh);
  }

  /** A resolver with a custom lookup (tests), refreshing every {@code refresh}. */
  public HostResolver(Function<String, List<String>> lookup, Duration refresh) {
    this.lookup = Objects.requireNonNull(lookup, "lookup");
    this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rigging-dns-refresh");
      t.setDaemon(true);
      return t;
    });
    long ms = refresh.toMillis();
    refresher.scheduleWithFixedDelay(this::refresh, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Called when a refresh changed any cached answer. */
  public void onChange(Runnable callback) {
    this.onChange = Objects.requireNonNull(callback, "callback");
  }

  /** The IPs of {@code host} (itself when it is an IP literal); resolves and caches on first use. */
  public List<String> resolve(String host) {
    if (isIpLiteral(host)) {
      return List.of(host);
    }
    return cache.computeIfAbsent(host, this::lookupLogged);
  }

  private List<String> lookupLogged(String host) {
    List<String> ips = lookup.apply(host);
    if (ips.isEmpty()) {
      LOG.warnf("dns host=%s resolved to no address; its endpoints are left out for proxyless clients", host);
    }
    return ips;
  }

  void refresh() {
    boolean changed = false;
    for (String host : List.copyOf(cache.keySet())) {
      List<String> now = lookup.apply(host);
      List<String> before = cache.put(host, now);
      if (!now.equals(before)) {
        LOG.infof("dns host=%s changed from %s to %s", host, before, now);
        changed = true;
      }
    }
    if (changed) {
      onChange.run();
    }
  }

  static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }

  private static List<String> systemLookup(String host) {
    try {
      return Arrays.stream(InetAddress.getAllByName(host)).map(InetAddress::getHostAddress).distinct().sorted().toList();
    } catch (UnknownHostException e) {
      return List.of();
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
