package dev.rigging.lifecycle.proxy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code ProxySync} is one connected proxy as an istiod-lite pod reports it on
 * {@code /debug/syncz}: its name ({@code POD.NAMESPACE}), type, and per xDS type the sync state
 * (SYNCED, STALE, NACKED, NOT SENT), with the pod and revision that serve it.
 */
public record ProxySync(String proxy, String type, String cds, String lds, String eds, String rds, String istiod,
    String revision, JsonNode raw) {

  /** Reads one syncz entry. */
  public static ProxySync of(JsonNode n, String istiod, String revision) {
    return new ProxySync(n.path("proxy").asText(), n.path("proxy_type").asText(), state(n, "cluster"),
        state(n, "listener"), state(n, "endpoint"), state(n, "route"), istiod, revision, n);
  }

  private static String state(JsonNode n, String type) {
    JsonNode s = n.get(type + "_state");
    return s == null ? "NOT SENT" : s.asText();
  }
}
