package dev.rigging.istiod.networking;

import dev.rigging.istiod.registry.MeshService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * {@code VirtualHostDomains} generates the {@code Host} values a service answers to, like Istio:
 * the full name, the short forms a client in {@code proxyDomain} may use ({@code reviews},
 * {@code reviews.shop}, {@code reviews.shop.svc} in the same namespace; {@code reviews.shop} and
 * {@code reviews.shop.svc} from another namespace) and the service's addresses.
 *
 * <p>Envoy routes ignore the port in host matching, so sidecars get names only; proxyless gRPC
 * clients match the authority {@code HOST:PORT} of their dial target, so they get both forms.
 */
final class VirtualHostDomains {
  private VirtualHostDomains() {}

  /** Domains of {@code service} on {@code port}; {@code withPort} adds the {@code :PORT} forms. */
  static Domains of(MeshService service, int port, String proxyDomain, boolean withPort) {
    Integer p = withPort ? port : null;
    List<String> domains = new ArrayList<>();
    appendDomainPort(domains, service.hostname(), p);
    List<String> alt = altHosts(service.hostname(), p, proxyDomain);
    domains.addAll(alt);
    for (String a : service.addresses()) {
      if (!a.isEmpty() && !a.equals("0.0.0.0") && !a.contains("/")) {
        appendDomainPort(domains, a.contains(":") && !a.startsWith("[") ? "[" + a + "]" : a, p);
      }
    }
    return new Domains(List.copyOf(domains), List.copyOf(alt));
  }

  /** Generated domains and, separately, which of them are expanded short forms. */
  record Domains(List<String> all, List<String> expanded) {}

  static void appendDomainPort(List<String> domains, String host, Integer port) {
    domains.add(host);
    if (port != null) {
      domains.add(host + ":" + port);
    }
  }

  /** Istio's alternative host names of {@code hostname} for a client whose DNS domain is {@code proxyDomain}. */
  static List<String> altHosts(String hostname, Integer port, String proxyDomain) {
    if (proxyDomain.contains(".svc.")) {
      String svcSuffix = proxyDomain.substring(proxyDomain.indexOf(".svc."));
      if (hostname.endsWith(svcSuffix)) {
        return kubernetes(hostname, port, proxyDomain);
      }
      return List.of();
    }
    List<String> h = new ArrayList<>(Arrays.asList(hostname.split("\\.")));
    List<String> d = new ArrayList<>(Arrays.asList(proxyDomain.split("\\.")));
    Collections.reverse(h);
    Collections.reverse(d);
    int shared = 0;
    while (shared < Math.min(h.size(), d.size()) && h.get(shared).equals(d.get(shared))) {
      shared++;
    }
    if (shared == 0) {
      return List.of();
    }
    List<String> unique = new ArrayList<>(h.subList(shared, h.size()));
    Collections.reverse(unique);
    List<String> out = new ArrayList<>();
    String uniqueHost = String.join(".", unique);
    appendDomainPort(out, uniqueHost, port);
    if (unique.size() == 2) {
      appendDomainPort(out, uniqueHost + "." + d.get(shared - 1), port);
    }
    return out;
  }

  private static List<String> kubernetes(String hostname, Integer port, String proxyDomain) {
    int id = proxyDomain.indexOf(".svc.");
    int ih = hostname.indexOf(".svc.");
    if (ih <= 0) {
      return List.of();
    }
    int ns = hostname.indexOf('.');
    if (ns + 1 >= hostname.length() || ns + 1 > ih) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    String shortName = hostname.substring(0, ns);
    String withNamespace = hostname.substring(0, ih);
    if (hostname.substring(ns + 1, ih).equals(proxyDomain.substring(0, id))) {
      appendDomainPort(out, shortName, port);
      appendDomainPort(out, withNamespace + ".svc", port);
      appendDomainPort(out, withNamespace, port);
    } else {
      appendDomainPort(out, withNamespace, port);
      appendDomainPort(out, withNamespace + ".svc", port);
    }
    return out;
  }
}
