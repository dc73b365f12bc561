package dev.rigging.mesh.validation;

import static dev.rigging.mesh.validation.Yaml.assertError;
import static dev.rigging.mesh.validation.Yaml.assertValid;
import static dev.rigging.mesh.validation.Yaml.assertWarning;
import static dev.rigging.mesh.validation.Yaml.se;
import static dev.rigging.mesh.validation.Yaml.we;

import org.junit.jupiter.api.Test;

class ServiceEntryValidationTest {
  private static final String HTTP_PORT = "ports: [{number: 80, name: http, protocol: HTTP}]";

  @Test
  void hosts() {
    assertError(se(HTTP_PORT), "spec.hosts", "at least one host is required");
    assertError(se("hosts: [\"*\"]\n" + HTTP_PORT), "spec.hosts[0]", "host * is not allowed in a ServiceEntry");
    assertError(se("hosts: [api_v1.example.com]\n" + HTTP_PORT), "spec.hosts[0]", "label \"api_v1\" is not valid");
    assertWarning(se("hosts: [\"*api.example.com\"]\n" + HTTP_PORT), "spec.hosts[0]", "partial wildcard");
  }

  @Test
  void addresses() {
    assertError(se("hosts: [db.example.com]\naddresses: [300.1.1.1]\n" + HTTP_PORT), "spec.addresses[0]", "\"300.1.1.1\" is not a valid IP address");
    assertError(se("hosts: [db.example.com]\naddresses: [10.0.0.0/40]\n" + HTTP_PORT), "spec.addresses[0]", "not a valid CIDR block");
    assertError(se("hosts: [db.example.com]\naddresses: [10.0.0.0/16]\nresolution: DNS\n" + HTTP_PORT), "spec.addresses[0]",
        "needs resolution NONE or STATIC, not DNS");
    assertValid(se("hosts: [db.example.com]\naddresses: [10.0.0.0/16, 2001:db8::/32, 192.168.1.1]\n" + HTTP_PORT));
  }

  @Test
  void ports() {
    String h = "hosts: [api.example.com]\nports: ";
    assertError(se(h + "[{number: 80, name: http}, {number: 81, name: http}]"), "spec.ports[1].name", "duplicate port name \"http\" (also at spec.ports[0])");
    assertError(se(h + "[{number: 80, name: http}, {number: 80, name: web}]"), "spec.ports[1].number", "duplicate port 80 (also at spec.ports[0])");
    assertError(se(h + "[{number: 80, name: http_1}]"), "spec.ports[0].name", "invalid port name \"http_1\"");
    assertError(se(h + "[{number: 80}]"), "spec.ports[0].name", "port name is empty");
    assertError(se(h + "[{number: 80, name: ftp, protocol: FTP}]"), "spec.ports[0].protocol", "unsupported protocol \"FTP\"; valid: HTTP, HTTPS");
    assertError(se(h + "[{number: 0, name: http}]"), "spec.ports[0].number", "port 0 out of range");
    assertError(se(h + "[{name: http}]"), "spec.ports[0].number", "port number is required");
    assertError(se(h + "[{number: 80, name: http, targetPort: 70000}]"), "spec.ports[0].targetPort", "out of range");
    assertValid(se(h + "[{number: 80, name: http, protocol: http}, {number: 9090, name: grpc-web, protocol: GRPC-WEB}, {number: 5432, name: tcp-db}]"));
  }

  @Test
  void resolutionNoneTakesNoEndpoints() {
    assertError(se("hosts: [api.example.com]\n" + HTTP_PORT + "\nendpoints: [{address: 10.0.0.1}]"), "spec.endpoints",
        "resolution NONE forwards to the original destination and takes no endpoints");
    assertWarning(se("hosts: [api.example.com]\n" + HTTP_PORT + "\nworkloadSelector: {labels: {app: vm}}"), "spec.workloadSelector",
        "no effect with resolution NONE");
  }

  @Test
  void staticEndpointsAreIpsOrSockets() {
    String h = "hosts: [api.example.com]\nresolution: STATIC\n" + HTTP_PORT + "\nendpoints: ";
    assertError(se(h + "[{address: vm1.example.com}]"), "spec.endpoints[0].address", "not an IP address; STATIC resolution needs IPs");
    assertError(se(h + "[{}]"), "spec.endpoints[0].address", "address is required");
    assertError(se(h + "[{address: \"unix://var/run/sock\"}]"), "spec.endpoints[0].address", "is not an absolute path");
    assertError(se(h + "[{address: \"unix:///var/run/\"}]"), "spec.endpoints[0].address", "is not an absolute path");
    assertError(se(h + "[{address: \"unix:///var/run/sock\", ports: {http: 8080}}]"), "spec.endpoints[0].ports", "has no ports");
    assertError(se("hosts: [api.example.com]\nresolution: STATIC\nports: [{number: 80, name: http}, {number: 81, name: web}]\n"
        + "endpoints: [{address: \"unix:///var/run/sock\"}]"), "spec.endpoints[0].address", "exactly 1 port, not 2");
    assertError(se(h + "[{address: 10.0.0.1, ports: {grpc: 9090}}]"), "spec.endpoints[0].ports[\"grpc\"]", "is not a port of the ServiceEntry; use one of [http]");
    assertError(se(h + "[{address: 10.0.0.1, ports: {http: 0}}]"), "spec.endpoints[0].ports[\"http\"]", "out of range");
    assertError(se(h + "[{address: 10.0.0.1, labels: {app: \"a b\"}}]"), "spec.endpoints[0].labels[\"app\"]", "invalid label value");
    assertError(se(h + "[{address: 10.0.0.1, weight: -1}]"), "spec.endpoints[0].weight", "negative");
    assertWarning(se(h + "[{network: network-2}]"), "spec.endpoints[0].address", "gateway of network \"network-2\"");
    assertValid(se(h + "[{address: 10.0.0.1, ports: {http: 8080}, labels: {app: vm}, weight: 10, locality: us-east1/zone1},"
        + " {address: \"unix://@abstract\"}]"));
  }

  @Test
  void dnsResolution() {
    String h = "hosts: [foo.bar.com]\nresolution: DNS\nports: [{number: 443, name: https, protocol: HTTPS}]\nendpoints: ";
    assertError(se("hosts: [\"*.bar.com\"]\nresolution: DNS\n" + HTTP_PORT), "spec.hosts[0]", "must be DNS names without wildcards");
    assertError(se(h + "[{address: bad_host}]"), "spec.endpoints[0].address", "not a valid IP address or DNS name");
    assertError(se(h + "[{address: \"unix:///sock\"}]"), "spec.endpoints[0].address", "need resolution STATIC");
    assertError(se(h + "[{address: us.foo.bar.com, ports: {http: 8080}}]"), "spec.endpoints[0].ports[\"http\"]", "not a port of the ServiceEntry");
    assertError(se("hosts: [foo.bar.com]\nresolution: DNS_ROUND_ROBIN\n" + HTTP_PORT + "\nendpoints: [{address: a.bar.com}, {address: b.bar.com}]"),
        "spec.endpoints", "DNS_ROUND_ROBIN takes at most 1 endpoint, not 2");
    assertValid(se("hosts: [\"*.bar.com\"]\nresolution: DNS\n" + HTTP_PORT + "\nendpoints: [{address: us.foo.bar.com}, {address: 10.1.1.1}]"));
  }

  @Test
  void endpointsOrWorkloadSelector() {
    assertError(se("hosts: [api.example.com]\nresolution: STATIC\n" + HTTP_PORT + "\nendpoints: [{address: 10.0.0.1}]\nworkloadSelector: {labels: {app: vm}}"),
        "spec.endpoints", "endpoints and workloadSelector cannot both be set");
    assertError(se("hosts: [api.example.com]\nresolution: STATIC\n" + HTTP_PORT + "\nworkloadSelector: {labels: {app: \"*\"}}"),
        "spec.workloadSelector.labels[\"app\"]", "wildcard in selector");
    assertWarning(se("hosts: [api.example.com]\nresolution: STATIC\n" + HTTP_PORT + "\nworkloadSelector: {labels: {}}"),
        "spec.workloadSelector", "selects every workload");
  }

  @Test
  void severalHostsNeedHttpOrTlsPorts() {
    assertError(se("hosts: [a.example.com, b.example.com]\nresolution: DNS\nports: [{number: 5432, name: tcp, protocol: TCP}]"),
        "spec.ports[0].protocol", "several hosts cannot share a non-HTTP, non-TLS port");
    assertValid(se("hosts: [a.example.com, b.example.com]\nresolution: DNS\nports: [{number: 443, name: tls, protocol: TLS}]"));
    assertValid(se("hosts: [a.example.com, b.example.com]\nports: [{number: 5432, name: tcp, protocol: TCP}]"));
  }

  @Test
  void exportToMayHideFromEveryone() {
    assertValid(se("hosts: [api.example.com]\n" + HTTP_PORT + "\nexportTo: [\"~\"]"));
    assertError(se("hosts: [api.example.com]\n" + HTTP_PORT + "\nexportTo: [\"~\", \".\"]"), "spec.exportTo", "mixes ~ (no one) with other entries");
  }

  @Test
  void workloadEntries() {
    assertError(we("labels: {app: vm}"), "spec.address", "address is required: an IP, a DNS name or unix:///path/to/socket");
    assertWarning(we("network: vm-network"), "spec.address", "only reachable through the gateway");
    assertError(we("address: bad_host"), "spec.address", "not a valid IP address or DNS name");
    assertError(we("address: \"unix://relative\""), "spec.address", "absolute path");
    assertError(we("address: \"unix:///var/run/app.sock\"\nports: {http: 80}"), "spec.ports", "has no ports");
    assertError(we("address: 10.0.0.1\nports: {http_1: 80}"), "spec.ports[\"http_1\"]", "invalid port name \"http_1\"");
    assertError(we("address: 10.0.0.1\nports: {http: 0}"), "spec.ports[\"http\"]", "port 0 out of range");
    assertError(we("address: 10.0.0.1\nlabels: {app: \"-vm\"}"), "spec.labels[\"app\"]", "invalid label value \"-vm\"");
    assertError(we("address: 10.0.0.1\nweight: -5"), "spec.weight", "negative");
    assertValid(we("address: 2.2.2.2\nports: {http: 8080}\nlabels: {app: details-legacy, instance-id: vm1}\nserviceAccount: details-legacy\nweight: 3"));
    assertValid(we("address: vm1.corp.example.com"));
    assertValid(we("address: \"unix:///var/run/app.sock\""));
  }
}
