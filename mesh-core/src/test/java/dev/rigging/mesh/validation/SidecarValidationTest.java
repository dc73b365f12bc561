package dev.rigging.mesh.validation;

import static dev.rigging.mesh.validation.Yaml.assertError;
import static dev.rigging.mesh.validation.Yaml.assertValid;
import static dev.rigging.mesh.validation.Yaml.assertWarning;
import static dev.rigging.mesh.validation.Yaml.sidecar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SidecarValidationTest {
  private static final String EGRESS = "egress: [{hosts: [\"./*\"]}]";

  private static String ingress(String listener) {
    return sidecar("ingress:\n- " + listener);
  }

  private static String egress(String listeners) {
    return sidecar("egress: " + listeners);
  }

  @Test
  void notEmptyAndSelector() {
    assertError(sidecar("{}"), "spec", "empty Sidecar");
    assertWarning(sidecar("workloadSelector: {labels: {}}\n" + EGRESS), "spec.workloadSelector", "applies to every workload in the namespace");
    assertError(sidecar("workloadSelector: {labels: {app: \"*\"}}\n" + EGRESS), "spec.workloadSelector.labels[\"app\"]", "wildcard in selector");
    assertError(sidecar("inboundConnectionPool: {}"), "spec.inboundConnectionPool", "connectionPool is empty");
    assertValid(sidecar("inboundConnectionPool: {http: {http1MaxPendingRequests: 1024, idleTimeout: 1m}}"));
  }

  @Test
  void ingressListeners() {
    assertError(ingress("{defaultEndpoint: 127.0.0.1:8080}"), "spec.ingress[0].port", "port is required for ingress listeners");
    assertError(sidecar("ingress:\n- {port: {number: 9080, protocol: HTTP, name: a}}\n- {port: {number: 9080, protocol: HTTP, name: b}}"),
        "spec.ingress[1].port.number", "duplicate ingress port 9080 (also at spec.ingress[0])");
    assertError(ingress("{port: {number: 9080, protocol: HTTP, name: web_1}}"), "spec.ingress[0].port.name", "invalid port name \"web_1\"");
    assertError(ingress("{port: {number: 9080, protocol: SPDY}}"), "spec.ingress[0].port.protocol", "unsupported protocol \"SPDY\"");
    assertError(ingress("{port: {number: 70000, protocol: HTTP}}"), "spec.ingress[0].port.number", "out of range");
    assertError(ingress("{port: {number: 9080, protocol: HTTP, targetPort: 8080}}"), "spec.ingress[0].port.targetPort", "no effect on Sidecars");
    assertError(ingress("{port: {number: 9080, protocol: HTTP}, bind: localhost}"), "spec.ingress[0].bind", "not an IP address");
    assertWarning(ingress("{port: {number: 3306, protocol: TCP}, connectionPool: {http: {maxRetries: 3}}}"), "spec.ingress[0].connectionPool.http",
        "no effect on TCP port 3306");
  }

  @Test
  void defaultEndpointPointsAtTheWorkload() {
    String l = "{port: {number: 9080, protocol: HTTP}, defaultEndpoint: \"%s\"}";
    assertError(ingress(l.formatted("10.0.0.1:8080")), "spec.ingress[0].defaultEndpoint", "must point at the workload itself");
    assertError(ingress(l.formatted("127.0.0.1:http")), "spec.ingress[0].defaultEndpoint", "port \"http\" is not a number");
    assertError(ingress(l.formatted("127.0.0.1")), "spec.ingress[0].defaultEndpoint", "has no port");
    assertError(ingress(l.formatted("127.0.0.1:0")), "spec.ingress[0].defaultEndpoint", "out of range");
    assertError(ingress(l.formatted("::1:8080")), "spec.ingress[0].defaultEndpoint", "IPv6 address without brackets");
    assertError(ingress(l.formatted("unix://app.sock")), "spec.ingress[0].defaultEndpoint", "absolute path");
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:8080", "0.0.0.0:8080", "[::1]:8080", "[::]:8080", ":8080", "unix:///var/run/app.sock"})
  void acceptsLocalDefaultEndpoints(String endpoint) {
    assertValid(ingress("{port: {number: 9080, protocol: HTTP, name: http}, defaultEndpoint: \"" + endpoint + "\"}"));
  }

  @Test
  void ingressTls() {
    String p = "spec.ingress[0].tls";
    String l = "{port: {number: 8443, protocol: HTTPS, name: https}, tls: %s}";
    assertError(ingress(l.formatted("{mode: ISTIO_MUTUAL}")), p + ".mode", "not allowed on sidecar ingress");
    assertError(ingress(l.formatted("{mode: SIMPLE, credentialName: c}")), p + ".credentialName", "not supported on sidecar ingress");
    assertError(ingress(l.formatted("{mode: SIMPLE, serverCertificate: /c, privateKey: /k, subjectAltNames: [a]}")), p + ".subjectAltNames", "not supported");
    assertError(ingress(l.formatted("{mode: SIMPLE, serverCertificate: /c, privateKey: /k, httpsRedirect: true}")), p + ".httpsRedirect", "not supported");
    assertError(ingress(l.formatted("{mode: SIMPLE}")), p + ".serverCertificate", "SIMPLE TLS needs serverCertificate");
    assertValid(ingress(l.formatted("{mode: SIMPLE, serverCertificate: /etc/server.pem, privateKey: /etc/privatekey.pem}")));
  }

  @Test
  void catchAllEgressListener() {
    assertError(egress("[{hosts: [\"./*\"]}, {port: {number: 80, protocol: HTTP}, hosts: [\"./*\"]}]"), "spec.egress[0].port", "must be the last one");
    assertError(egress("[{port: {number: 80, protocol: HTTP}, hosts: [\"./*\"]}, {hosts: [\"./*\"]}, {hosts: [\"istio-system/*\"]}]"),
        "spec.egress[2].port", "only one egress listener may omit the port (also spec.egress[1])");
  }

  @Test
  void egressHostsAreNamespaceSlashHost() {
    assertError(egress("[{port: {number: 80, protocol: HTTP}}]"), "spec.egress[0].hosts", "at least one host");
    assertError(egress("[{hosts: [reviews.default.svc.cluster.local]}]"), "spec.egress[0].hosts[0]", "must be of the form namespace/dnsName");
    assertError(egress("[{hosts: [./reviews]}]"), "spec.egress[0].hosts[0]", "short name \"reviews\" is not allowed");
    assertError(egress("[{hosts: [\"bad_ns/*\"]}]"), "spec.egress[0].hosts[0]", "invalid namespace \"bad_ns\" in sidecar host");
    assertError(egress("[{hosts: [\"./*foo.com\"]}]"), "spec.egress[0].hosts[0]", "partial wildcard");
    assertError(egress("[{hosts: [\"./10.0.0.1\"]}]"), "spec.egress[0].hosts[0]", "all digits");
  }

  @ParameterizedTest
  @ValueSource(strings = {"./*", "*/*", "~/*", "istio-system/*", "./*.example.com", "prod-us1/reviews.prod-us1.svc.cluster.local"})
  void acceptsEgressHosts(String host) {
    assertValid(egress("[{hosts: [\"" + host + "\"]}]"));
  }

  @Test
  void egressPortsAndBinds() {
    assertError(egress("[{port: {number: 80, protocol: HTTP}, hosts: [\"./*\"]}, {port: {number: 80, protocol: TCP}, hosts: [\"a/*\"]}]"),
        "spec.egress[1].port.number", "duplicate egress port 80 (also at spec.egress[0])");
    assertError(egress("[{port: {number: 0, protocol: HTTP}, hosts: [\"./*\"]}]"), "spec.egress[0].bind", "a listener with port 0 must bind a unix domain socket");
    assertError(egress("[{port: {number: 0, protocol: HTTP}, bind: \"unix:///var/run/a.sock\", captureMode: IPTABLES, hosts: [\"./*\"]}]"),
        "spec.egress[0].captureMode", "captureMode DEFAULT or NONE");
    assertError(egress("[{port: {number: 0, protocol: HTTP}, bind: \"unix:///var/run/a.sock\", hosts: [\"./*\"]},"
        + " {port: {number: 0, protocol: HTTP}, bind: \"unix:///var/run/a.sock\", hosts: [\"./*\"]}]"),
        "spec.egress[1].bind", "already used by spec.egress[0]");
    assertError(egress("[{port: {number: 80, protocol: HTTP}, bind: my-host, hosts: [\"./*\"]}]"), "spec.egress[0].bind", "not an IP address");
    assertError(egress("[{port: {number: 80, protocol: HTTP, targetPort: 8080}, hosts: [\"./*\"]}]"), "spec.egress[0].port.targetPort", "no effect");
    assertError(egress("[{port: {number: 80, protocol: HTTP, name: http_x}, hosts: [\"./*\"]}]"), "spec.egress[0].port.name", "invalid port name");
    assertValid(egress("[{port: {number: 0, protocol: HTTP}, bind: \"unix:///var/run/a.sock\", captureMode: NONE, hosts: [\"./*\"]}]"));
  }

  @Test
  void outboundTrafficPolicy() {
    String p = "spec.outboundTrafficPolicy.egressProxy";
    assertError(sidecar("outboundTrafficPolicy: {mode: REGISTRY_ONLY, egressProxy: {host: proxy.example.com, port: {number: 3128}}}"), p,
        "only applies with mode ALLOW_ANY");
    assertError(sidecar("outboundTrafficPolicy: {mode: ALLOW_ANY, egressProxy: {host: proxy.example.com}}"), p + ".port", "egressProxy needs a port");
    assertError(sidecar("outboundTrafficPolicy: {mode: ALLOW_ANY, egressProxy: {host: \"*.example.com\", port: {number: 3128}}}"), p + ".host",
        "cannot be a wildcard");
    assertValid(sidecar("outboundTrafficPolicy: {mode: ALLOW_ANY, egressProxy: {host: egress-proxy.istio-system.svc.cluster.local, subset: v1,"
        + " port: {number: 3128}}}"));
  }
}
