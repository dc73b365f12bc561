package dev.rigging.lifecycle.analyze;

import dev.rigging.mesh.api.networking.Destination;
import dev.rigging.mesh.api.networking.DestinationRule;
import dev.rigging.mesh.api.networking.Gateway;
import dev.rigging.mesh.api.networking.ServiceEntry;
import dev.rigging.mesh.api.networking.VirtualService;
import dev.rigging.mesh.config.ConfigObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ReferenceAnalyzer} reports references to things that do not exist (IST0101, with Istio's
 * wording): a VirtualService's gateway, a destination's subset when no DestinationRule for that
 * host defines it, and — when the cluster was read — a destination host that is neither a
 * Service nor a ServiceEntry host.
 */
public final class ReferenceAnalyzer implements Analyzer {

  @Override
  public List<Message> analyze(AnalysisInput in) {
    Set<String> gateways = new HashSet<>();
    for (ConfigObject<Gateway> g : in.of(Gateway.class)) {
      gateways.add(g.namespace() + "/" + g.name());
    }
    Map<String, Set<String>> subsets = new HashMap<>();
    for (ConfigObject<DestinationRule> dr : in.of(DestinationRule.class)) {
      Set<String> names = subsets.computeIfAbsent(in.fqdn(dr.spec().host(), dr.namespace()), k -> new HashSet<>());
      dr.spec().subsets().forEach(s -> names.add(s.name()));
    }
    Set<String> entryHosts = new HashSet<>();
    for (ConfigObject<ServiceEntry> se : in.of(ServiceEntry.class)) {
      se.spec().hosts().forEach(h -> entryHosts.add(in.fqdn(h, se.namespace())));
    }
    List<Message> out = new ArrayList<>();
    for (ConfigObject<VirtualService> vs : in.of(VirtualService.class)) {
      String where = "VirtualService " + vs.namespace() + "/" + vs.name();
      for (String gw : vs.spec().gateways()) {
        if (gw.equals("mesh")) {
          continue;
        }
        String key = gw.contains("/") ? gw : vs.namespace() + "/" + gw;
        if (!gateways.contains(key)) {
          out.add(MessageType.REFERENCED_RESOURCE_NOT_FOUND.on(where, "Referenced gateway not found: \"" + gw + "\""));
        }
      }
      for (Destination d : destinations(vs.spec())) {
        String host = in.fqdn(d.host(), vs.namespace());
        if (d.subset() != null && !subsets.getOrDefault(host, Set.of()).contains(d.subset())) {
          out.add(MessageType.REFERENCED_RESOURCE_NOT_FOUND.on(where,
              "Referenced host+subset in destinationrule not found: \"" + d.host() + "+" + d.subset() + "\""));
        }
        if (in.cluster().isPresent() && host.endsWith(".svc." + in.domainSuffix())
            && !in.cluster().get().serviceHosts().contains(host) && !entryHosts.contains(host)) {
          out.add(MessageType.REFERENCED_RESOURCE_NOT_FOUND.on(where, "Referenced host not found: \"" + d.host() + "\""));
        }
      }
    }
    return out;
  }

  static List<Destination> destinations(VirtualService vs) {
    List<Destination> out = new ArrayList<>();
    vs.http().forEach(r -> {
      r.route().forEach(d -> out.add(d.destination()));
      if (r.mirror() != null) {
        out.add(r.mirror());
      }
      r.mirrors().forEach(m -> out.add(m.destination()));
    });
    vs.tcp().forEach(r -> r.route().forEach(d -> out.add(d.destination())));
    vs.tls().forEach(r -> r.route().forEach(d -> out.add(d.destination())));
    return out.stream().filter(d -> d != null && d.host() != null).toList();
  }
}
