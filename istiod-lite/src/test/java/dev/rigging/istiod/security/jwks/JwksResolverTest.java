package dev.rigging.istiod.security.jwks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.rigging.istiod.model.JwksKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The control plane's JWKS fetching against a real HTTP server: keys are fetched once and cached,
 * discovered through OpenID configuration, refused from private addresses unless allowed, bounded
 * in size, refetched on schedule (sooner after a failure), kept on a failed refresh, and evicted
 * when unused. Every failure is a result with a reason, never keys.
 */
class JwksResolverTest {
  private static final String KEYS = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"1\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}";
  private static final Duration REFRESH = Duration.ofMinutes(20);
  private static final Duration ON_FAILURE = Duration.ofMinutes(1);

  private HttpServer server;
  private final Map<String, String> bodies = new ConcurrentHashMap<>();
  private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  private final AtomicInteger hits = new AtomicInteger();
  private final AtomicLong now = new AtomicLong();
  private final AtomicInteger changes = new AtomicInteger();
  private JwksResolver resolver;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      hits.incrementAndGet();
      String path = exchange.getRequestURI().getPath();
      byte[] body = bodies.getOrDefault(path, "not found").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(statuses.getOrDefault(path, bodies.containsKey(path) ? 200 : 404), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    if (resolver != null) {
      resolver.close();
    }
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private JwksResolver resolver(boolean allowPrivate, int maxBytes) {
    resolver = new JwksResolver(new JwksResolver.Settings(allowPrivate, maxBytes, Duration.ofSeconds(5), REFRESH,
        ON_FAILURE, Duration.ofHours(24), 2), changes::incrementAndGet, now::get);
    return resolver;
  }

  private JwksKeys.Result resolve(JwksResolver r, JwksKeys.Source s) {
    return r.resolve(List.of(s)).get(s).orElseThrow();
  }

  @Test
  void fetchesOnceAndServesFromTheCache() {
    bodies.put("/jwks.json", KEYS);
    JwksResolver r = resolver(true, 65_536);
    JwksKeys.Source s = new JwksKeys.Source("https://issuer", url("/jwks.json"));
    assertThat(resolve(r, s)).isEqualTo(JwksKeys.Result.ok(KEYS));
    assertThat(resolve(r, s)).isEqualTo(JwksKeys.Result.ok(KEYS));
    assertThat(hits).hasValue(1);
  }

  @Test
  void discoversTheKeySetFromTheIssuer() {
    bodies.put("/.well-known/openid-configuration", "{\"jwks_uri\":\"" + url("/keys") + "\"}");
    bodies.put("/keys", KEYS);
    JwksKeys.Source s = new JwksKeys.Source(url(""), "");
    assertThat(resolve(resolver(true, 65_536), s).jwks()).isEqualTo(KEYS);
  }

  @Test
  void refusesPrivateAddressesUnlessAllowed() {
    bodies.put("/jwks.json", KEYS);
    JwksKeys.Result r = resolve(resolver(false, 65_536), new JwksKeys.Source("i", url("/jwks.json")));
    assertThat(r.ok()).isFalse();
    assertThat(r.error()).contains("127.0.0.1").contains("rigging.jwt.allow-private-jwks");
    assertThat(hits).as("nothing was sent").hasValue(0);
    assertThat(FetchAddresses.isPrivate(InetAddress.getLoopbackAddress())).isTrue();
  }

  @Test
  void linkLocalAndPrivateRangesAreRefused() throws IOException {
    for (String ip : List.of("169.254.169.254", "10.0.0.1", "172.16.0.1", "192.168.1.1", "100.64.0.1", "0.0.0.0",
        "fe80::1", "fd00::1", "::1")) {
      assertThat(FetchAddresses.isPrivate(InetAddress.getByName(ip))).as(ip).isTrue();
    }
    assertThat(FetchAddresses.isPrivate(InetAddress.getByName("8.8.8.8"))).isFalse();
    assertThat(FetchAddresses.isPrivate(InetAddress.getByName("2001:4860::8888"))).isFalse();
  }

  @Test
  void failsOnOversizeErrorsAndEmptyKeySets() {
    bodies.put("/big", "{\"keys\":[" + "{\"kty\":\"RSA\"},".repeat(200) + "{}]}");
    bodies.put("/empty", "{\"keys\":[]}");
    bodies.put("/broken", "{");
    bodies.put("/down", "unavailable");
    statuses.put("/down", 503);
    JwksResolver r = resolver(true, 1_024);
    assertThat(resolve(r, new JwksKeys.Source("i", url("/big"))).error()).contains("more than 1024 bytes");
    assertThat(resolve(r, new JwksKeys.Source("i", url("/empty"))).error()).contains("no keys");
    assertThat(resolve(r, new JwksKeys.Source("i", url("/broken"))).error()).contains("invalid key set");
    assertThat(resolve(r, new JwksKeys.Source("i", url("/down"))).error()).contains("answered 503");
    assertThat(resolve(r, new JwksKeys.Source("i", "ftp://example.com/k")).error()).contains("not an http(s) URL");
  }

  @Test
  void refetchesSoonerAfterAFailureAndKeepsGoodKeysWhenARefreshFails() {
    statuses.put("/jwks.json", 500);
    bodies.put("/jwks.json", "boom");
    JwksResolver r = resolver(true, 65_536);
    JwksKeys.Source s = new JwksKeys.Source("i", url("/jwks.json"));
    assertThat(resolve(r, s).ok()).isFalse();
    statuses.remove("/jwks.json");
    bodies.put("/jwks.json", KEYS);
    now.addAndGet(ON_FAILURE.toNanos() - 1);
    assertThat(r.refreshDue()).as("not due yet").isFalse();
    now.addAndGet(1);
    assertThat(r.refreshDue()).as("recovered").isTrue();
    assertThat(resolve(r, s)).isEqualTo(JwksKeys.Result.ok(KEYS));
    statuses.put("/jwks.json", 500);
    now.addAndGet(REFRESH.toNanos());
    assertThat(r.refreshDue()).as("a failed refresh changes nothing").isFalse();
    assertThat(resolve(r, s)).isEqualTo(JwksKeys.Result.ok(KEYS));
  }

  @Test
  void unusedAndExcessEntriesAreDroppedButKeySetsInUseAreKept() {
    bodies.put("/a", KEYS);
    bodies.put("/b", KEYS);
    bodies.put("/c", KEYS);
    JwksKeys.Source a = new JwksKeys.Source("i", url("/a"));
    JwksKeys.Source b = new JwksKeys.Source("i", url("/b"));
    JwksKeys.Source c = new JwksKeys.Source("i", url("/c"));
    JwksResolver r = resolver(true, 65_536);
    r.resolve(List.of(a));
    now.addAndGet(1);
    r.resolve(List.of(b, c));
    assertThat(hits).hasValue(3);
    r.resolve(List.of(a));
    assertThat(hits).as("at most 2 entries: /a, no longer used and the oldest, was dropped").hasValue(4);
    now.addAndGet(Duration.ofHours(25).toNanos());
    r.refreshDue();
    assertThat(hits).as("/a is in use: refreshed, not evicted").hasValue(5);
    r.resolve(List.of(a));
    assertThat(hits).hasValue(5);
    r.resolve(List.of(a, b));
    assertThat(hits).as("/b was unused for a day and evicted").hasValue(6);
  }
}
