package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.networking.ServiceEntry;
import dev.rigging.mesh.api.networking.ServiceEntry.Resolution;
import dev.rigging.mesh.api.networking.ServiceEntry.ServicePort;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code ServiceEntryValidator} checks a ServiceEntry: hosts, addresses, ports, and what each
 * resolution mode allows (NONE takes no endpoints, STATIC needs IP endpoints, DNS resolves names).
 */
final class ServiceEntryValidator {
  private ServiceEntryValidator() {}

  static void validate(Issues issues, String namespace, ServiceEntry se) {
    if (se.workloadSelector() != null) {
      Labels.checkSelector(issues, "spec.workloadSelector.labels", se.workloadSelector().labels());
      if (se.workloadSelector().labels().isEmpty()) {
        issues.warn("spec.workloadSelector", "workloadSelector has no labels and selects every workload in the namespace");
      }
      if (!se.endpoints().isEmpty()) {
        issues.error("spec.endpoints", "endpoints and workloadSelector cannot both be set; list endpoints inline or select WorkloadEntries/pods by labels");
      }
    }
    if (se.hosts().isEmpty()) {
      issues.error("spec.hosts", "at least one host is required, e.g. hosts: [api.example.com]");
    }
    for (int i = 0; i < se.hosts().size(); i++) {
      String h = se.hosts().get(i);
      String at = Issues.at("spec.hosts", i);
      if ("*".equals(h)) {
        issues.error(at, "host * is not allowed in a ServiceEntry; name the hosts, e.g. *.example.com");
      } else {
        issues.errorIfPresent(at, Hosts.wildcardDomainProblem(h));
        String partial = Hosts.partialWildcardProblem(h);
        if (partial != null) {
          issues.warn(at, partial);
        }
      }
    }
    Resolution resolution = se.resolutionOrDefault();
    for (int i = 0; i < se.addresses().size(); i++) {
      String a = se.addresses().get(i);
      String at = Issues.at("spec.addresses", i);
      issues.errorIfPresent(at, IpAddresses.subnetProblem(a));
      if (a.contains("/") && resolution != Resolution.NONE && resolution != Resolution.STATIC) {
        issues.error(at, "CIDR address \"" + a + "\" needs resolution NONE or STATIC, not " + resolution);
      }
    }
    Set<String> portNames = ports(issues, se);
    endpoints(issues, se, resolution, portNames);
    if (resolution != Resolution.NONE && se.hosts().size() > 1) {
      for (int i = 0; i < se.ports().size(); i++) {
        var proto = Protocol.parse(se.ports().get(i).protocol());
        if (proto.isEmpty() || (!proto.get().isHttp() && !proto.get().isTls())) {
          issues.error(Issues.at("spec.ports", i) + ".protocol", "several hosts cannot share a non-HTTP, non-TLS port (nothing tells the hosts apart); "
              + "use one ServiceEntry per host, protocol HTTP/TLS, or resolution NONE");
          break;
        }
      }
    }
    ExportTo.check(issues, "spec.exportTo", namespace, se.exportTo(), true, false);
  }

  private static Set<String> ports(Issues issues, ServiceEntry se) {
    Set<String> names = new LinkedHashSet<>();
    Map<String, Integer> byName = new HashMap<>();
    Map<Integer, Integer> byNumber = new HashMap<>();
    for (int i = 0; i < se.ports().size(); i++) {
      ServicePort port = se.ports().get(i);
      String at = Issues.at("spec.ports", i);
      names.add(port.name());
      Integer first = port.name() == null ? null : byName.putIfAbsent(port.name(), i);
      if (first != null) {
        issues.error(at + ".name", "duplicate port name \"" + port.name() + "\" (also at " + Issues.at("spec.ports", first) + "); port names must be unique");
      }
      first = port.number() == null ? null : byNumber.putIfAbsent(port.number(), i);
      if (first != null) {
        issues.error(at + ".number", "duplicate port " + port.number() + " (also at " + Issues.at("spec.ports", first) + "); port numbers must be unique");
      }
      if (port.targetPort() != null && port.targetPort() != 0) {
        issues.errorIfPresent(at + ".targetPort", Ports.numberProblem(port.targetPort()));
      }
      issues.errorIfPresent(at + ".name", Ports.nameProblem(port.name()));
      issues.errorIfPresent(at + ".protocol", Ports.protocolProblem(port.protocol()));
      issues.errorIfPresent(at + ".number", Ports.numberProblem(port.number()));
    }
    return names;
  }

  private static void endpoints(Issues issues, ServiceEntry se, Resolution resolution, Set<String> portNames) {
    switch (resolution) {
      case NONE -> {
        if (!se.endpoints().isEmpty()) {
          issues.error("spec.endpoints", "resolution NONE forwards to the original destination and takes no endpoints; remove endpoints or use STATIC or DNS");
        }
        if (se.workloadSelector() != null) {
          issues.warn("spec.workloadSelector", "workloadSelector has no effect with resolution NONE; use STATIC");
        }
      }
      case STATIC -> {
        for (int i = 0; i < se.endpoints().size(); i++) {
          WorkloadEntryValidator.validate(issues, Issues.at("spec.endpoints", i), se.endpoints().get(i), portNames, WorkloadEntryValidator.Addresses.IP_OR_SOCKET);
        }
      }
      case DNS, DNS_ROUND_ROBIN -> {
        if (se.endpoints().isEmpty()) {
          for (int i = 0; i < se.hosts().size(); i++) {
            if (!"*".equals(se.hosts().get(i)) && Hosts.fqdnProblem(se.hosts().get(i)) != null) {
              issues.error(Issues.at("spec.hosts", i), "resolution " + resolution + " without endpoints resolves the hosts themselves, "
                  + "so they must be DNS names without wildcards; add endpoints or use resolution NONE");
            }
          }
        }
        if (resolution == Resolution.DNS_ROUND_ROBIN && se.endpoints().size() > 1) {
          issues.error("spec.endpoints", "resolution DNS_ROUND_ROBIN takes at most 1 endpoint, not " + se.endpoints().size() + "; use DNS for several");
        }
        for (int i = 0; i < se.endpoints().size(); i++) {
          WorkloadEntryValidator.validate(issues, Issues.at("spec.endpoints", i), se.endpoints().get(i), portNames, WorkloadEntryValidator.Addresses.IP_OR_NAME);
        }
        if (se.workloadSelector() != null) {
          issues.warn("spec.workloadSelector", "workloadSelector has no effect with resolution " + resolution + "; use STATIC");
        }
      }
    }
  }
}
