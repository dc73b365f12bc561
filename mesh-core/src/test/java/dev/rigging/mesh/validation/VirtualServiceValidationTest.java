package dev.rigging.mesh.validation;

import static dev.rigging.mesh.validation.Yaml.assertError;
import static dev.rigging.mesh.validation.Yaml.assertValid;
import static dev.rigging.mesh.validation.Yaml.assertWarning;
import static dev.rigging.mesh.validation.Yaml.errors;
import static dev.rigging.mesh.validation.Yaml.vs;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VirtualServiceValidationTest {
  private static final String ROUTE = "http: [{route: [{destination: {host: reviews}}]}]";

  private static String hosts(String hosts) {
    return vs("hosts: " + hosts + "\n" + ROUTE);
  }

  @Test
  void errorNamesOriginObjectFieldAndWhatIsValid() {
    var all = errors(vs("""
        hosts: [reviews]
        http:
        - route:
          - destination: {host: reviews, subset: v1}
            weight: -20
        """));
    assertThat(all).singleElement().satisfies(e -> {
      assertThat(e.object()).isEqualTo("VirtualService shop/reviews");
      assertThat(e.field()).isEqualTo("spec.http[0].route[0].weight");
      assertThat(e.message()).contains("weight -20 is negative").contains("must be 0 or more");
      assertThat(e.toString()).isEqualTo("test.yaml (document 1): VirtualService shop/reviews: spec.http[0].route[0].weight: " + e.message());
    });
  }

  @Test
  void collectsEveryErrorInsteadOfStoppingAtTheFirst() {
    var all = errors(vs("""
        hosts: [bad_host, "*.a.*"]
        http:
        - route:
          - destination: {host: "*"}
            weight: -1
          - destination: {host: reviews, subset: V_1}
            weight: 10
        """));
    assertThat(all).extracting(e -> e.field()).containsExactlyInAnyOrder(
        "spec.hosts[0]", "spec.hosts[1]", "spec.http[0].route[0].destination.host", "spec.http[0].route[0].weight",
        "spec.http[0].route[1].destination.subset");
  }

  @Test
  void hostLabelsMustBeDns1123() {
    assertError(hosts("[foo_bar.example.com]"), "spec.hosts[0]", "label \"foo_bar\" is not valid");
    assertError(hosts("[\"a.*.example.com\"]"), "spec.hosts[0]", "'*' is only allowed at the start of the first label");
    assertError(hosts("[\"a*b.example.com\"]"), "spec.hosts[0]", "label \"a*b\" is not valid");
    assertError(hosts("[" + "a".repeat(64) + ".example.com]"), "spec.hosts[0]", "at most 63 characters");
    assertError(hosts("[foo.123]"), "spec.hosts[0]", "last label \"123\" is all digits");
    assertError(hosts("[\"\"]"), "spec.hosts[0]", "host is empty");
  }

  @Test
  void hostsAreAtMost255Characters() {
    String longHost = ("a".repeat(60) + ".").repeat(5) + "example.com";
    assertError(hosts("[" + longHost + "]"), "spec.hosts[0]", "must be at most 255");
  }

  @ParameterizedTest
  @ValueSource(strings = {"reviews", "reviews.shop.svc.cluster.local", "*.example.com", "istio.io.", "10.0.0.1", "2001:db8::1", "*-api.example.com"})
  void acceptsShortNamesFqdnsWildcardsAndIps(String host) {
    assertValid(hosts("[\"" + host + "\"]"));
  }

  @Test
  void starHostIsOnlyForGatewayOnlyVirtualServices() {
    assertError(hosts("[\"*\"]"), "spec.hosts[0]", "wildcard host * is not allowed for a VirtualService bound to the mesh gateway");
    assertError(vs("hosts: [\"*\"]\ngateways: [mesh, istio-system/ingress]\n" + ROUTE), "spec.hosts[0]", "bound to the mesh gateway");
    assertValid(vs("hosts: [\"*\"]\ngateways: [istio-system/ingress]\n" + ROUTE));
  }

  @Test
  void hostsMustNotOverlap() {
    assertError(hosts("[\"*.example.com\", api.example.com]"), "spec.hosts[1]", "overlaps \"*.example.com\" at spec.hosts[0]");
    assertError(hosts("[reviews, reviews]"), "spec.hosts[1]", "overlaps \"reviews\"");
  }

  @Test
  void gatewayReferences() {
    String base = "hosts: [api.example.com]\n" + ROUTE + "\ngateways: ";
    assertError(vs(base + "[istio-system/my_gw]"), "spec.gateways[0]", "invalid gateway name \"my_gw\"");
    assertError(vs(base + "[\"bad ns/gw\"]"), "spec.gateways[0]", "invalid namespace \"bad ns\"");
    assertError(vs(base + "[/gw]"), "spec.gateways[0]", "empty namespace or name");
    assertError(vs(base + "[mesh, my_gw]"), "spec.gateways[1]", "expected mesh, <name> or <namespace>/<name>");
    assertValid(vs(base + "[mesh, ingress, istio-system/ingress]"));
    assertWarning(vs(base + "[ingress.istio-system]"), "spec.gateways[0]", "prefer namespace/name: \"istio-system/ingress\"");
  }

  @Test
  void delegateVirtualServicesHaveOnlyHttpRoutes() {
    assertError(vs("gateways: [ingress]\n" + ROUTE), "spec.gateways", "delegate VirtualService (no hosts) must not list gateways");
    assertError(vs(ROUTE + "\ntcp: [{route: [{destination: {host: db}}]}]"), "spec.tcp", "cannot have tcp routes");
    assertError(vs(ROUTE + "\ntls: [{match: [{sniHosts: [a.example.com]}], route: [{destination: {host: db}}]}]"), "spec.tls", "cannot have tls routes");
    assertError(vs("http: [{delegate: {name: other}}]"), "spec.http[0].delegate", "cannot delegate again");
    assertValid(vs(ROUTE));
  }

  @Test
  void rootRouteWithDelegateHasNoOtherAction() {
    assertError(vs("hosts: [reviews]\nhttp: [{delegate: {name: r2, namespace: ns2}, route: [{destination: {host: reviews}}]}]"),
        "spec.http[0].route", "a route with delegate must not set route");
    assertError(vs("hosts: [reviews]\nhttp: [{delegate: {name: r2}, redirect: {uri: /x}}]"),
        "spec.http[0].redirect", "a route with delegate must not set redirect");
    assertValid(vs("""
        hosts: [reviews.shop.svc.cluster.local]
        http:
        - match: [{uri: {prefix: /productpage}}]
          delegate: {name: productpage, namespace: nsA}
        - delegate: {name: reviews, namespace: nsB}
        """));
  }

  @Test
  void needsRoutes() {
    assertError(vs("hosts: [reviews]"), "spec", "needs at least one of http, tls or tcp");
  }

  @Test
  void oneActionPerHttpRoute() {
    String h = "hosts: [reviews]\nhttp:\n- ";
    assertError(vs(h + "{redirect: {uri: /v2}, route: [{destination: {host: reviews}}]}"), "spec.http[0].route", "cannot be combined with redirect");
    assertError(vs(h + "{redirect: {uri: /v2}, fault: {abort: {httpStatus: 500}}}"), "spec.http[0].fault", "cannot be combined with redirect");
    assertError(vs(h + "{redirect: {uri: /v2}, rewrite: {uri: /v3}}"), "spec.http[0].rewrite", "cannot be combined with redirect");
    assertError(vs(h + "{redirect: {uri: /v2}, directResponse: {status: 503}}"), "spec.http[0].directResponse", "cannot be combined with redirect");
    assertError(vs(h + "{directResponse: {status: 503}, route: [{destination: {host: reviews}}]}"), "spec.http[0].route", "cannot be combined with directResponse");
    assertError(vs(h + "{directResponse: {status: 503}, fault: {abort: {httpStatus: 500}}}"), "spec.http[0].fault", "cannot be combined with directResponse");
    assertError(vs(h + "{directResponse: {status: 503}, rewrite: {uri: /x}}"), "spec.http[0].rewrite", "cannot be combined with directResponse");
    assertError(vs(h + "{name: nothing}"), "spec.http[0]", "no action; set one of route, redirect, directResponse or delegate");
    assertError(vs(h + "{route: [{destination: {host: reviews}}], mirror: {host: a}, mirrors: [{destination: {host: b}}]}"),
        "spec.http[0].mirrors", "mirror and mirrors cannot both be set");
  }

  @Test
  void weightsAreRelativeButNotNegativeNorAllZero() {
    assertError(vs("hosts: [reviews]\nhttp: [{route: [{destination: {host: a}, weight: 0}, {destination: {host: b}, weight: 0}]}]"),
        "spec.http[0].route", "all destination weights are 0");
    assertError(vs("hosts: [reviews]\nhttp: [{route: [{destination: {host: a}}, {destination: {host: b}}]}]"),
        "spec.http[0].route", "all destination weights are 0");
    // Istio normalises weights, so they need not add up to 100
    assertValid(vs("hosts: [reviews]\nhttp: [{route: [{destination: {host: a}, weight: 120}, {destination: {host: b}, weight: 30}]}]"));
    assertValid(vs("hosts: [reviews]\nhttp: [{route: [{destination: {host: a}, weight: 0}]}]"));
    assertError(vs("hosts: [db]\ntcp: [{route: [{destination: {host: a}, weight: -5}, {destination: {host: b}, weight: 10}]}]"),
        "spec.tcp[0].route[0].weight", "weight -5 is negative");
    assertError(vs("hosts: [db]\ntcp: [{route: [{destination: {host: a}, weight: 0}, {destination: {host: b}, weight: 0}]}]"),
        "spec.tcp[0].route", "all destination weights are 0");
  }

  @Test
  void destinations() {
    String h = "hosts: [reviews]\nhttp: [{route: [";
    assertError(vs(h + "{destination: {host: \"*\"}}]}]"), "spec.http[0].route[0].destination.host", "destination host * is not allowed");
    assertError(vs(h + "{destination: {host: bad_host}}]}]"), "spec.http[0].route[0].destination.host", "label \"bad_host\"");
    assertError(vs(h + "{destination: {host: reviews, subset: v_1}}]}]"), "spec.http[0].route[0].destination.subset", "invalid subset name \"v_1\"");
    assertError(vs(h + "{destination: {host: reviews, port: {number: 70000}}}]}]"), "spec.http[0].route[0].destination.port.number",
        "port 70000 out of range; must be between 1 and 65535");
    assertError(vs(h + "{weight: 100}]}]"), "spec.http[0].route[0].destination", "destination is required");
  }

  @Test
  void stringMatchesSetExactlyOneAlternative() {
    String h = "hosts: [reviews]\nhttp: [{route: [{destination: {host: reviews}}], match: [";
    assertError(vs(h + "{uri: {exact: /a, prefix: /b}}]}]"), "spec.http[0].match[0].uri", "sets 2 of exact, prefix or regex; set exactly one");
    assertError(vs(h + "{uri: {}}]}]"), "spec.http[0].match[0].uri", "match is empty; set exactly one of exact, prefix or regex");
    assertError(vs(h + "{method: {}}]}]"), "spec.http[0].match[0].method", "match is empty");
    assertError(vs(h + "{method: {prefix: \"\"}}]}]"), "spec.http[0].match[0].method.prefix", "prefix is empty");
    assertError(vs(h + "{authority: {prefix: \"\"}}]}]"), "spec.http[0].match[0].authority.prefix", "prefix is empty");
    assertError(vs(h + "{scheme: {exact: http, regex: \"h.*\"}}]}]"), "spec.http[0].match[0].scheme", "sets 2 of");
    assertError(vs(h + "{queryParams: {q: {prefix: \"\"}}}]}]"), "spec.http[0].match[0].queryParams[\"q\"].prefix", "prefix is empty");
    // the URI matcher accepts an empty prefix, and header and query matches may be empty ("present")
    assertValid(vs(h + "{uri: {prefix: \"\"}, headers: {x-canary: {}}, queryParams: {debug: {}}}]}]"));
  }

  @Test
  void regexesAreRe2AndBounded() {
    String h = "hosts: [reviews]\nhttp: [{route: [{destination: {host: reviews}}], match: [";
    assertError(vs(h + "{uri: {regex: \"(a\"}}]}]"), "spec.http[0].match[0].uri.regex", "invalid RE2 regex \"(a\"");
    assertError(vs(h + "{uri: {regex: \"/a(?=b)\"}}]}]"), "spec.http[0].match[0].uri.regex", "no lookaround or backreferences");
    assertError(vs(h + "{uri: {regex: \"" + "a".repeat(1025) + "\"}}]}]"), "spec.http[0].match[0].uri.regex", "must be at most 1024");
    assertError(vs(h + "{headers: {x-id: {regex: \"\"}}}]}]"), "spec.http[0].match[0].headers[\"x-id\"].regex", "regex is empty");
    assertValid(vs(h + "{uri: {regex: \"^/api/v[0-9]+/.*\"}, headers: {x-id: {regex: \"\\\\d+\"}}}]}]"));
  }

  @Test
  void headerMatches() {
    String h = "hosts: [reviews]\nhttp: [{route: [{destination: {host: reviews}}], match: [";
    assertError(vs(h + "{headers: {\"x user\": {exact: a}}}]}]"), "spec.http[0].match[0].headers[\"x user\"]", "invalid header name \"x user\"");
    assertError(vs(h + "{withoutHeaders: {\"x:y\": {exact: a}}}]}]"), "spec.http[0].match[0].withoutHeaders[\"x:y\"]", "invalid header name");
    // "*" in withoutHeaders means "header absent", it is not an RE2 expression
    assertValid(vs(h + "{withoutHeaders: {x-debug: {regex: \"*\"}}}]}]"));
    assertError(vs(h + "{headers: {x-debug: {regex: \"*\"}}}]}]"), "spec.http[0].match[0].headers[\"x-debug\"].regex", "invalid RE2 regex");
  }

  @Test
  void jwtClaimRoutingOnlyOnGateways() {
    String match = "http: [{route: [{destination: {host: reviews}}], match: [{headers: {\"@request.auth.claims.group\": {exact: admin}}}]}]";
    assertError(vs("hosts: [reviews]\n" + match), "spec.http[0].match[0].headers[\"@request.auth.claims.group\"]", "only works on gateways");
    assertError(vs("hosts: [reviews]\ngateways: [mesh, ingress]\n" + match), "spec.http[0].match[0].headers[\"@request.auth.claims.group\"]",
        "only works on gateways");
    assertValid(vs("hosts: [api.example.com]\ngateways: [istio-system/ingress]\n" + match));
  }

  @Test
  void otherMatchAttributes() {
    String h = "hosts: [reviews]\nhttp: [{route: [{destination: {host: reviews}}], match: [";
    assertError(vs(h + "{port: 70000}]}]"), "spec.http[0].match[0].port", "port 70000 out of range");
    assertError(vs(h + "{sourceLabels: {\"app/\": x}}]}]"), "spec.http[0].match[0].sourceLabels[\"app/\"]", "invalid label key");
    assertError(vs(h + "{sourceLabels: {app: \"front end\"}}]}]"), "spec.http[0].match[0].sourceLabels[\"app\"]", "invalid label value \"front end\"");
    assertError(vs(h + "{sourceNamespace: bad_ns}]}]"), "spec.http[0].match[0].sourceNamespace", "invalid sourceNamespace \"bad_ns\"");
    assertError(vs(h + "{gateways: [\"a/b/c\"]}]}]"), "spec.http[0].match[0].gateways[0]", "invalid gateway name \"b/c\"");
    assertValid(vs(h + "{port: 9080, sourceLabels: {app: productpage, version: v1}, sourceNamespace: front, gateways: [mesh]}]}]"));
  }

  @Test
  void headerManipulation() {
    String h = "hosts: [reviews]\nhttp: [{route: [{destination: {host: reviews}}], headers: ";
    assertError(vs(h + "{request: {set: {\":path\": /x}}}}]"), "spec.http[0].headers.request.set[\":path\"]", "pseudo header");
    assertError(vs(h + "{request: {remove: [host]}}}]"), "spec.http[0].headers.request.remove[0]", "cannot be removed or changed");
    assertError(vs(h + "{response: {set: {Host: x}}}}]"), "spec.http[0].headers.response.set[\"Host\"]", "cannot be removed or changed");
    assertError(vs(h + "{response: {add: {\":status\": \"200\"}}}}]"), "spec.http[0].headers.response.add[\":status\"]", "pseudo header");
    assertError(vs(h + "{request: {set: {x-pct: \"100%\"}}}}]"), "spec.http[0].headers.request.set[\"x-pct\"]", "write %% for a literal percent");
    assertError(vs(h + "{request: {set: {x-v: \"a\\u0001b\"}}}}]"), "spec.http[0].headers.request.set[\"x-v\"]", "control character");
    assertValid(vs(h + "{request: {set: {host: new.example.com, x-pct: \"100%%\", x-node: \"%HOSTNAME%\", "
        + "x-req: \"%REQ(x-foo)%\"}, remove: [x-internal]}, response: {add: {x-served-by: \"%UPSTREAM_HOST%\"}}}}]"));
    assertError(vs("hosts: [reviews]\nhttp: [{route: [{destination: {host: reviews},"
        + " headers: {response: {remove: [\":authority\"]}}}]}]"), "spec.http[0].route[0].headers.response.remove[0]", "pseudo header");
  }

  @Test
  void authorityIsRewrittenInOnePlace() {
    assertError(vs("hosts: [reviews]\nhttp: [{route: [{destination: {host: reviews}}], rewrite: {authority: a.example.com},"
        + " headers: {request: {set: {host: b.example.com}}}}]"), "spec.http[0].headers.request.set[\"host\"]",
        "already rewritten at spec.http[0].rewrite.authority");
    assertError(vs("hosts: [reviews]\nhttp: [{route: [{destination: {host: reviews}}],"
        + " headers: {request: {set: {\":authority\": a.example.com}, add: {host: b.example.com}}}}]"),
        "spec.http[0].headers.request.add[\"host\"]", "already rewritten at spec.http[0].headers.request.set[\":authority\"]");
  }

  @Test
  void tlsRoutes() {
    String h = "hosts: [\"*.example.com\"]\ntls:\n- ";
    assertError(vs(h + "{route: [{destination: {host: a}}]}"), "spec.tls[0].match", "needs at least one match with sniHosts");
    assertError(vs(h + "{match: [{port: 443}], route: [{destination: {host: a}}]}"), "spec.tls[0].match[0].sniHosts", "at least one SNI host");
    assertError(vs(h + "{match: [{sniHosts: [api.other.com]}], route: [{destination: {host: a}}]}"), "spec.tls[0].match[0].sniHosts[0]",
        "not covered by the VirtualService hosts");
    assertError(vs(h + "{match: [{sniHosts: [api.example.com]}]}"), "spec.tls[0].route", "needs at least one destination");
    assertError(vs(h + "{match: [{sniHosts: [api.example.com], destinationSubnets: [10.0.0.0/33]}], route: [{destination: {host: a}}]}"),
        "spec.tls[0].match[0].destinationSubnets[0]", "not a valid CIDR block");
    assertError(vs(h + "{match: [{sniHosts: [api.example.com], port: 0, sourceLabels: {\"\": x}}], route: [{destination: {host: a}}]}"),
        "spec.tls[0].match[0].sourceLabels[\"\"]", "label key is empty");
    assertWarning(vs("hosts: [\"*.example.com\", 10.0.0.1]\ntls: [{match: [{sniHosts: [10.0.0.1]}], route: [{destination: {host: a}}]}]"),
        "spec.tls[0].match[0].sniHosts[0]", "goes against the TLS spec");
    assertValid(vs(h + "{match: [{sniHosts: [api.example.com], destinationSubnets: [10.0.0.0/8, 10.1.2.3]}], route: [{destination: {host: a}}]}"));
  }

  @Test
  void autoPassthroughSniNamesOnGateways() {
    String gw = "hosts: [\"*.svc.cluster.local\"]\ngateways: [istio-system/cross-network]\ntls: [{match: [{sniHosts: [%s]}], route: [{destination: {host: a}}]}]";
    assertValid(vs(gw.formatted("outbound_.443_._.api.svc.cluster.local")));
    assertError(vs(gw.formatted("outbound_.443")), "spec.tls[0].match[0].sniHosts[0]", "expected outbound_.<port>_._.<host>");
    assertError(vs(gw.formatted("outbound_.http_._.api.svc.cluster.local")), "spec.tls[0].match[0].sniHosts[0]", "has no digits");
  }

  @Test
  void tcpRoutes() {
    assertError(vs("hosts: [db]\ntcp: [{match: [{port: 3306}]}]"), "spec.tcp[0].route", "a TCP route needs at least one destination");
    assertError(vs("hosts: [db]\ntcp: [{match: [{port: 99999}], route: [{destination: {host: db}}]}]"), "spec.tcp[0].match[0].port", "out of range");
    assertError(vs("hosts: [db]\ntcp: [{match: [{destinationSubnets: [not-an-ip]}], route: [{destination: {host: db}}]}]"),
        "spec.tcp[0].match[0].destinationSubnets[0]", "not a valid IP address");
    assertWarning(vs("hosts: [db]\ntcp: [{match: [{sourceSubnet: 10.0.0.0/8}], route: [{destination: {host: db}}]}]"),
        "spec.tcp[0].match[0].sourceSubnet", "deprecated");
    assertValid(vs("hosts: [db]\ntcp: [{match: [{port: 27017}], route: [{destination: {host: mongo.backup.svc.cluster.local, port: {number: 5555}}}]}]"));
  }

  @Test
  void exportTo() {
    String h = "hosts: [reviews]\n" + ROUTE + "\nexportTo: ";
    assertError(vs(h + "[\"*\", \".\"]"), "spec.exportTo", "mixes * (all namespaces) with other entries");
    assertError(vs(h + "[\".\", shop]"), "spec.exportTo[1]", "duplicate exportTo entry \"shop\"");
    assertError(vs(h + "[a, a]"), "spec.exportTo[1]", "duplicate exportTo entry \"a\"");
    assertError(vs(h + "[\"~\"]"), "spec.exportTo[0]", "only allowed on ServiceEntries");
    assertError(vs(h + "[bad_ns]"), "spec.exportTo[0]", "valid: . (this namespace), * (all namespaces) or a namespace name");
    assertValid(vs(h + "[\".\", istio-system]"));
  }
}
