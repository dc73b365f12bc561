package dev.rigging.mesh.validation;

import static dev.rigging.mesh.validation.Yaml.assertError;
import static dev.rigging.mesh.validation.Yaml.assertValid;
import static dev.rigging.mesh.validation.Yaml.assertWarning;
import static dev.rigging.mesh.validation.Yaml.dr;

import org.junit.jupiter.api.Test;

class DestinationRuleValidationTest {

  private static String policy(String trafficPolicy) {
    return dr("host: reviews\ntrafficPolicy: " + trafficPolicy);
  }

  private static String lb(String loadBalancer) {
    return policy("{loadBalancer: " + loadBalancer + "}");
  }

  @Test
  void host() {
    assertError(dr("subsets: [{name: v1}]"), "spec.host", "host is required");
    assertError(dr("host: bad_host"), "spec.host", "label \"bad_host\" is not valid");
    assertValid(dr("host: \"*.example.com\""));
  }

  @Test
  void subsets() {
    assertError(dr("host: reviews\nsubsets: [{name: v1, labels: {version: v1}}, {name: v1, labels: {version: v2}}]"),
        "spec.subsets[1].name", "duplicate subset name \"v1\" (also at spec.subsets[0])");
    assertError(dr("host: reviews\nsubsets: [{name: v_1}]"), "spec.subsets[0].name", "invalid subset name \"v_1\"; expected a DNS label");
    assertError(dr("host: reviews\nsubsets: [{labels: {version: v1}}]"), "spec.subsets[0].name", "subset name is required");
    assertError(dr("host: reviews\nsubsets: [{name: v1, labels: {version: \"v 1\"}}]"), "spec.subsets[0].labels[\"version\"]",
        "invalid label value \"v 1\"");
    assertError(dr("host: reviews\nsubsets: [{name: v1, labels: {\"-version\": v1}}]"), "spec.subsets[0].labels[\"-version\"]", "invalid label key");
    assertError(dr("host: reviews\nsubsets: [{name: v1, labels: {\"Example.com/version\": v1}}]"), "spec.subsets[0].labels[\"Example.com/version\"]",
        "must be a lower-case DNS subdomain");
    assertError(dr("host: reviews\nsubsets: [{name: v1, labels: {version: " + "v".repeat(64) + "}}]"), "spec.subsets[0].labels[\"version\"]",
        "at most 63 characters");
    assertError(dr("host: reviews\nsubsets: [{name: v1, trafficPolicy: {connectionPool: {tcp: {maxConnections: -1}}}}]"),
        "spec.subsets[0].trafficPolicy.connectionPool.tcp.maxConnections", "value -1 is negative");
    assertValid(dr("host: reviews\nsubsets: [{name: v1, labels: {version: v1, app.kubernetes.io/name: reviews}}, {name: V2}]"));
  }

  @Test
  void trafficPolicyIsNotEmpty() {
    assertError(policy("{}"), "spec.trafficPolicy", "trafficPolicy is empty");
    assertError(policy("{portLevelSettings: [{port: {number: 80}}]}"), "spec.trafficPolicy.portLevelSettings[0]", "port-level policy is empty");
  }

  @Test
  void simpleOrConsistentHash() {
    assertError(lb("{simple: ROUND_ROBIN, consistentHash: {useSourceIp: true}}"), "spec.trafficPolicy.loadBalancer", "either simple or consistentHash");
    assertError(lb("{consistentHash: {}}"), "spec.trafficPolicy.loadBalancer.consistentHash", "sets 0 hash keys; set exactly one");
    assertError(lb("{consistentHash: {httpHeaderName: x-user, useSourceIp: true}}"), "spec.trafficPolicy.loadBalancer.consistentHash", "sets 2 hash keys");
    assertError(lb("{consistentHash: {httpCookie: {ttl: 0s}}}"), "spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.name", "cookie name is required");
    assertError(lb("{consistentHash: {useSourceIp: true, ringHash: {minimumRingSize: 1024}, maglev: {tableSize: 65537}}}"),
        "spec.trafficPolicy.loadBalancer.consistentHash", "either ringHash or maglev");
    assertError(lb("{consistentHash: {useSourceIp: true, minimumRingSize: 1024, ringHash: {minimumRingSize: 1024}}}"),
        "spec.trafficPolicy.loadBalancer.consistentHash.minimumRingSize", "cannot be combined with ringHash or maglev");
    assertWarning(lb("{consistentHash: {useSourceIp: true, minimumRingSize: 1024}}"), "spec.trafficPolicy.loadBalancer.consistentHash.minimumRingSize",
        "deprecated");
    assertValid(lb("{consistentHash: {httpCookie: {name: user, ttl: 0s}, ringHash: {minimumRingSize: 1024}}}"));
  }

  @Test
  void maglevTableSizeIsAPrimeBelowEnvoysLimit() {
    String m = "{consistentHash: {httpQueryParameterName: user, maglev: {tableSize: %s}}}";
    assertError(lb(m.formatted("65536")), "spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize", "65536 is not prime");
    assertError(lb(m.formatted("5000011")), "spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize", "must be a prime below 5000011");
    assertError(lb("{consistentHash: {useSourceIp: true, maglev: {}}}"), "spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize",
        "tableSize is required");
    assertValid(lb(m.formatted("65537")));
  }

  @Test
  void localityLoadBalancing() {
    String p = "spec.trafficPolicy.loadBalancer.localityLbSetting";
    String od = ", outlierDetection: {consecutive5xxErrors: 5}}";
    assertError(policy("{loadBalancer: {localityLbSetting: {distribute: [{from: us-west/zone1/*, to: {\"us-west/zone1/*\": 80, \"us-west/zone2/*\": 10}}]}}}"),
        p + ".distribute[0].to", "add up to 90; they must add up to 100");
    assertError(policy("{loadBalancer: {localityLbSetting: {distribute: [{from: us-west/*, to: {\"us-west/zone1/*\": 100, \"us-west/zone2/*\": 0}}]}}}"),
        p + ".distribute[0].to[\"us-west/zone2/*\"]", "locality weight 0 out of range; must be between 1 and 100");
    assertError(policy("{loadBalancer: {localityLbSetting: {distribute: [{from: \"us-west/*/sub\", to: {us-east: 100}}]}}}"),
        p + ".distribute", "only one '*', at the end");
    assertError(policy("{loadBalancer: {localityLbSetting: {distribute: [{from: \"us-west/*\", to: {us-east: 100}}, {from: us-west/zone1, to: {us-east: 100}}]}}}"),
        p + ".distribute", "overlaps \"us-west/*\"");
    assertError(policy("{loadBalancer: {localityLbSetting: {distribute: [{from: us-west, to: {us-east: 100}}], failover: [{from: us-east, to: eu-west}]}}" + od),
        p, "either distribute or failover");
    assertError(policy("{loadBalancer: {localityLbSetting: {failover: [{from: us-east, to: us-east}]}}" + od), p + ".failover[0]", "fail over to a different region");
    assertError(policy("{loadBalancer: {localityLbSetting: {failover: [{from: us-east/zone1, to: us-west}]}}" + od), p + ".failover[0]", "regions only");
    assertError(policy("{loadBalancer: {localityLbSetting: {failover: [{from: \"us-*\", to: us-west}]}}" + od), p + ".failover[0]", "cannot contain '*'");
    assertError(policy("{loadBalancer: {localityLbSetting: {failover: [{from: us-east, to: us-west}], failoverPriority: [topology.kubernetes.io/zone]}}" + od),
        p + ".failoverPriority[0]", "cannot be used together with failover");
    assertWarning(policy("{loadBalancer: {localityLbSetting: {failover: [{from: us-east, to: us-west}]}}}"), p, "outlierDetection");
    assertValid(policy("{loadBalancer: {simple: ROUND_ROBIN, localityLbSetting: {enabled: true, failoverPriority: [topology.istio.io/network,"
        + " topology.kubernetes.io/region]}}" + od));
  }

  @Test
  void warmup() {
    assertError(lb("{simple: ROUND_ROBIN, warmup: {minimumPercent: 10}}"), "spec.trafficPolicy.loadBalancer.warmup.duration", "warmup duration is required");
    assertError(lb("{warmup: {duration: 60s, minimumPercent: 120}}"), "spec.trafficPolicy.loadBalancer.warmup.minimumPercent", "between 0 and 100");
    assertError(lb("{warmup: {duration: 60s, aggression: 0.5}}"), "spec.trafficPolicy.loadBalancer.warmup.aggression", "below 1");
    assertWarning(lb("{simple: LEAST_REQUEST, warmupDurationSecs: 60s}"), "spec.trafficPolicy.loadBalancer.warmupDurationSecs", "use warmup.duration");
    assertValid(lb("{simple: LEAST_REQUEST, warmup: {duration: 60s, minimumPercent: 10, aggression: 2}}"));
  }

  @Test
  void connectionPool() {
    String p = "spec.trafficPolicy.connectionPool";
    assertError(policy("{connectionPool: {}}"), p, "connectionPool is empty");
    assertError(policy("{connectionPool: {http: {http1MaxPendingRequests: -1}}}"), p + ".http.http1MaxPendingRequests", "negative; must be 0 or more");
    assertError(policy("{connectionPool: {http: {maxRetries: -3}}}"), p + ".http.maxRetries", "negative");
    assertError(policy("{connectionPool: {http: {h2UpgradePolicy: UPGRADE, useClientProtocol: true}}}"), p + ".http.useClientProtocol",
        "cannot be true with h2UpgradePolicy UPGRADE");
    assertError(policy("{connectionPool: {http: {idleTimeout: 0s}}}"), p + ".http.idleTimeout", "at least 1ms");
    assertError(policy("{connectionPool: {tcp: {connectTimeout: 500us}}}"), p + ".tcp.connectTimeout", "at least 1ms");
    assertError(policy("{connectionPool: {tcp: {tcpKeepalive: {time: 1.0001s}}}}"), p + ".tcp.tcpKeepalive.time", "whole milliseconds");
    assertError(policy("{connectionPool: {tcp: {tcpKeepalive: {probes: -1}}}}"), p + ".tcp.tcpKeepalive.probes", "negative");
    assertValid(policy("{connectionPool: {tcp: {maxConnections: 100, connectTimeout: 30ms, tcpKeepalive: {time: 7200s, interval: 75s}},"
        + " http: {http2MaxRequests: 1000, maxRequestsPerConnection: 10}}}"));
  }

  @Test
  void outlierDetection() {
    String p = "spec.trafficPolicy.outlierDetection";
    assertError(policy("{outlierDetection: {maxEjectionPercent: 101}}"), p + ".maxEjectionPercent", "percentage 101 out of range; must be between 0 and 100");
    assertError(policy("{outlierDetection: {minHealthPercent: -1}}"), p + ".minHealthPercent", "between 0 and 100");
    assertError(policy("{outlierDetection: {consecutive5xxErrors: -1}}"), p + ".consecutive5xxErrors", "negative");
    assertError(policy("{outlierDetection: {consecutiveLocalOriginFailures: 5}}"), p + ".consecutiveLocalOriginFailures",
        "set splitExternalLocalOriginErrors: true");
    assertError(policy("{outlierDetection: {interval: 0s}}"), p + ".interval", "at least 1ms");
    assertError(policy("{outlierDetection: {baseEjectionTime: 0.5ms}}"), p + ".baseEjectionTime", "at least 1ms");
    assertWarning(policy("{outlierDetection: {consecutiveErrors: 5}}"), p + ".consecutiveErrors", "use consecutive5xxErrors");
    assertValid(policy("{outlierDetection: {splitExternalLocalOriginErrors: true, consecutiveLocalOriginFailures: 5, consecutiveGatewayErrors: 3,"
        + " interval: 10s, baseEjectionTime: 30s, maxEjectionPercent: 50, minHealthPercent: 20}}"));
  }

  @Test
  void clientTls() {
    String p = "spec.trafficPolicy.tls";
    assertError(policy("{tls: {mode: MUTUAL}}"), p + ".clientCertificate", "MUTUAL TLS needs clientCertificate and privateKey");
    assertError(policy("{tls: {mode: MUTUAL, clientCertificate: /etc/certs/cert.pem}}"), p + ".privateKey", "or credentialName");
    assertError(policy("{tls: {mode: SIMPLE, credentialName: client-creds, caCertificates: /etc/ca.pem}}"), p + ".credentialName",
        "credentialName supplies the certificates");
    assertError(policy("{tls: {mode: SIMPLE, insecureSkipVerify: true, caCertificates: /etc/ca.pem}}"), p + ".insecureSkipVerify",
        "insecureSkipVerify skips verification");
    assertError(policy("{tls: {mode: MUTUAL, insecureSkipVerify: true, credentialName: c, subjectAltNames: [a.example.com]}}"), p + ".insecureSkipVerify",
        "remove caCertificates and subjectAltNames");
    assertValid(policy("{tls: {mode: MUTUAL, credentialName: client-credential, sni: my-nginx.mesh-external.svc.cluster.local}}"));
    assertValid(policy("{tls: {mode: MUTUAL, clientCertificate: /etc/certs/myclientcert.pem, privateKey: /etc/certs/client_private_key.pem,"
        + " caCertificates: /etc/certs/rootcacerts.pem}}"));
  }

  @Test
  void portLevelSettings() {
    String p = "spec.trafficPolicy.portLevelSettings";
    assertError(policy("{portLevelSettings: [{loadBalancer: {simple: RANDOM}}]}"), p + "[0].port", "port is required");
    assertError(policy("{portLevelSettings: [{port: {number: 0}, loadBalancer: {simple: RANDOM}}]}"), p + "[0].port.number", "out of range");
    assertError(policy("{portLevelSettings: [{port: {number: 9080}, loadBalancer: {simple: RANDOM}}, {port: {number: 9080}, tls: {mode: SIMPLE}}]}"),
        p + "[1].port.number", "duplicate port 9080 (also at spec.trafficPolicy.portLevelSettings[0])");
    assertError(policy("{portLevelSettings: [{port: {number: 80}, tls: {mode: MUTUAL}}]}"), p + "[0].tls.clientCertificate", "MUTUAL TLS needs");
    assertValid(policy("{portLevelSettings: [{port: {number: 80}, loadBalancer: {simple: LEAST_REQUEST}},"
        + " {port: {number: 9080}, loadBalancer: {simple: ROUND_ROBIN}}]}"));
  }

  @Test
  void tunnelProxyProtocolAndRetryBudget() {
    String p = "spec.trafficPolicy";
    assertError(policy("{tunnel: {targetHost: a.example.com, targetPort: 443}, proxyProtocol: {version: V2}}"), p + ".proxyProtocol",
        "tunnel and proxyProtocol cannot be combined");
    assertError(policy("{tunnel: {protocol: GET, targetHost: a.example.com, targetPort: 443}}"), p + ".tunnel.protocol", "must be CONNECT or POST");
    assertError(policy("{tunnel: {targetPort: 443}}"), p + ".tunnel.targetHost", "tunnel targetHost is required");
    assertError(policy("{tunnel: {targetHost: bad_host, targetPort: 443}}"), p + ".tunnel.targetHost", "not a valid DNS name or IP");
    assertError(policy("{tunnel: {targetHost: 10.0.0.1, targetPort: 0}}"), p + ".tunnel.targetPort", "out of range");
    assertError(policy("{retryBudget: {percent: 150}}"), p + ".retryBudget.percent", "between 0 and 100");
    assertError(policy("{retryBudget: {minRetryConcurrency: -1}}"), p + ".retryBudget.minRetryConcurrency", "negative");
    assertValid(policy("{tunnel: {protocol: POST, targetHost: 192.168.1.2, targetPort: 8443}}"));
    assertValid(policy("{proxyProtocol: {version: V1}, retryBudget: {percent: 20, minRetryConcurrency: 3}}"));
  }

  @Test
  void workloadSelectorAndExportTo() {
    String sel = "host: reviews\nworkloadSelector: {matchLabels: {app: ratings}}\nexportTo: ";
    assertError(dr(sel + "[\"*\"]"), "spec.exportTo", "can only be exported to its own namespace");
    assertError(dr(sel + "[\".\", other]"), "spec.exportTo", "cannot be exported to several namespaces");
    assertError(dr("host: reviews\nworkloadSelector: {matchLabels: {app: \"rat*\"}}"), "spec.workloadSelector.matchLabels[\"app\"]",
        "wildcard in selector");
    assertError(dr("host: reviews\nworkloadSelector: {matchLabels: {\"\": x}}"), "spec.workloadSelector.matchLabels[\"\"]", "empty label key");
    assertWarning(dr("host: reviews\nworkloadSelector: {matchLabels: {}}"), "spec.workloadSelector", "selects every workload");
    assertError(dr("host: reviews\nexportTo: [\"~\"]"), "spec.exportTo[0]", "only allowed on ServiceEntries");
    assertValid(dr(sel + "[\".\"]"));
  }
}
