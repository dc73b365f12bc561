package dev.rigging.mesh.validation;

import static dev.rigging.mesh.validation.Yaml.assertError;
import static dev.rigging.mesh.validation.Yaml.assertValid;
import static dev.rigging.mesh.validation.Yaml.assertWarning;
import static dev.rigging.mesh.validation.Yaml.check;
import static dev.rigging.mesh.validation.Yaml.decode;
import static dev.rigging.mesh.validation.Yaml.vs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.mesh.api.networking.VirtualService;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class HttpPolicyValidationTest {

  /** A VirtualService whose first HTTP route routes to reviews and has {@code extra} fields. */
  private static String route(String extra) {
    return vs("hosts: [reviews]\nhttp: [{route: [{destination: {host: reviews}}], " + extra + "}]");
  }

  /** A route without a destination (redirects, direct responses). */
  private static String action(String action) {
    return vs("hosts: [reviews]\nhttp: [{" + action + "}]");
  }

  @Test
  void retries() {
    assertError(route("retries: {attempts: -1}"), "spec.http[0].retries.attempts", "attempts -1 is negative");
    assertError(route("retries: {perTryTimeout: 2s}"), "spec.http[0].retries", "attempts is 0, which disables retries");
    assertError(route("retries: {attempts: 0, retryOn: 5xx}"), "spec.http[0].retries", "attempts is 0");
    assertError(route("retries: {attempts: 3, perTryTimeout: 500us}"), "spec.http[0].retries.perTryTimeout", "duration 0.0005s is too short; must be at least 1ms");
    assertError(route("retries: {attempts: 3, perTryTimeout: 1.0005s}"), "spec.http[0].retries.perTryTimeout", "finer than a millisecond; use whole milliseconds, e.g. 1s");
    assertError(route("retries: {attempts: 3, backoff: 0s}"), "spec.http[0].retries.backoff", "at least 1ms");
    assertError(route("retries: {attempts: 3, retryOn: \"5xx,bogus\"}"), "spec.http[0].retries.retryOn", "\"bogus\" is not a valid retryOn condition");
    assertError(route("retries: {attempts: 3, retryOn: \"5xx, reset\"}"), "spec.http[0].retries.retryOn", "\" reset\" is not a valid retryOn condition");
    assertError(route("retries: {attempts: 3, retryOn: \"599\"}"), "spec.http[0].retries.retryOn", "or HTTP status codes such as 503");
    assertValid(route("retries: {attempts: 3, perTryTimeout: 2s, backoff: 25ms, retryOn: \"503,connect-failure,retriable-4xx,unavailable\","
        + " retryRemoteLocalities: true, retryIgnorePreviousHosts: true}"));
    assertValid(route("retries: {attempts: 0}"));
  }

  @Test
  void timeouts() {
    assertError(route("timeout: 0s"), "spec.http[0].timeout", "duration 0s is too short; must be at least 1ms");
    assertError(route("timeout: 1500us"), "spec.http[0].timeout", "use whole milliseconds, e.g. 0.001s");
    assertValid(route("timeout: 10s"));
  }

  @Test
  void faultInjection() {
    assertError(route("fault: {}"), "spec.http[0].fault", "needs an abort and/or a delay");
    assertError(route("fault: {abort: {httpStatus: 600}}"), "spec.http[0].fault.abort.httpStatus", "HTTP status 600 out of range; must be between 200 and 599");
    assertError(route("fault: {abort: {httpStatus: 199}}"), "spec.http[0].fault.abort.httpStatus", "between 200 and 599");
    assertError(route("fault: {abort: {grpcStatus: BOGUS}}"), "spec.http[0].fault.abort.grpcStatus", "unknown gRPC status \"BOGUS\"");
    assertError(route("fault: {abort: {http2Error: REFUSED_STREAM}}"), "spec.http[0].fault.abort.http2Error", "not supported; use httpStatus or grpcStatus");
    assertError(route("fault: {abort: {httpStatus: 503, grpcStatus: UNAVAILABLE}}"), "spec.http[0].fault.abort", "set exactly one");
    assertError(route("fault: {abort: {httpStatus: 503, percentage: {value: 101}}}"), "spec.http[0].fault.abort.percentage.value",
        "must be 0 or between 0.0001 and 100");
    assertError(route("fault: {abort: {httpStatus: 503, percentage: {value: 0.00001}}}"), "spec.http[0].fault.abort.percentage.value",
        "must be 0 or between 0.0001 and 100");
    assertWarning(route("fault: {abort: {percentage: {value: 10}}}"), "spec.http[0].fault.abort", "no error type");
    assertError(route("fault: {delay: {fixedDelay: 1s, percentage: {value: -1}}}"), "spec.http[0].fault.delay.percentage.value", "out of range");
    assertError(route("fault: {delay: {fixedDelay: 1s, percent: 150}}"), "spec.http[0].fault.delay.percent", "percent 150 out of range");
    assertError(route("fault: {delay: {percentage: {value: 50}}}"), "spec.http[0].fault.delay", "delay needs fixedDelay");
    assertError(route("fault: {delay: {fixedDelay: 100us}}"), "spec.http[0].fault.delay.fixedDelay", "at least 1ms");
    assertError(route("fault: {delay: {exponentialDelay: 1s}}"), "spec.http[0].fault.delay.exponentialDelay", "exponentialDelay is not supported");
    assertError(route("fault: {delay: {fixedDelay: 1s, exponentialDelay: 1s}}"), "spec.http[0].fault.delay", "not both");
    assertValid(route("fault: {abort: {grpcStatus: UNAVAILABLE, percentage: {value: 0.1}}, delay: {fixedDelay: 5s, percentage: {value: 10}}}"));
  }

  @Test
  void mirroring() {
    assertError(route("mirror: {host: shadow}, mirrorPercentage: {value: 150}"), "spec.http[0].mirrorPercentage.value",
        "mirror percentage 150.0 out of range; must be between 0 and 100");
    assertError(route("mirror: {host: shadow}, mirrorPercent: 101"), "spec.http[0].mirrorPercent", "mirrorPercent 101 out of range");
    assertError(route("mirror: {host: \"*\"}"), "spec.http[0].mirror.host", "destination host * is not allowed");
    assertError(route("mirrors: [{destination: {host: shadow}, percentage: {value: -5}}]"), "spec.http[0].mirrors[0].percentage.value", "out of range");
    assertError(route("mirrors: [{percentage: {value: 5}}]"), "spec.http[0].mirrors[0].destination", "destination is required for a mirror");
    assertWarning(route("mirror: {host: shadow}, mirrorPercent: 50"), "spec.http[0].mirrorPercent", "use mirrorPercentage: {value: 50}");
    assertValid(route("mirrors: [{destination: {host: shadow, subset: v2}, percentage: {value: 12.5}}]"));
  }

  @Test
  void mirrorPercentAcceptsIstiosSnakeCaseSpelling() {
    var spec = (VirtualService) decode(route("mirror: {host: shadow}, mirror_percent: 30")).spec();
    assertThat(spec.http().get(0).mirrorPercent()).isEqualTo(30);
  }

  @Test
  void redirects() {
    assertError(action("redirect: {}"), "spec.http[0].redirect", "redirect changes nothing");
    assertError(action("redirect: {uri: /v2, redirectCode: 200}"), "spec.http[0].redirect.redirectCode",
        "redirect code 200 is not a redirection; must be between 300 and 399");
    assertError(action("redirect: {scheme: ftp}"), "spec.http[0].redirect.scheme", "must be http or https");
    assertError(action("redirect: {port: 70000}"), "spec.http[0].redirect.port", "out of range");
    assertError(action("redirect: {port: 8443, derivePort: FROM_REQUEST_PORT}"), "spec.http[0].redirect.port", "either port or derivePort");
    assertValid(action("redirect: {uri: /v1/bookRatings, authority: newratings.default.svc.cluster.local, redirectCode: 308}"));
    assertValid(action("redirect: {scheme: https, derivePort: FROM_PROTOCOL_DEFAULT}"));
  }

  @Test
  void rewrites() {
    assertError(route("rewrite: {}"), "spec.http[0].rewrite", "rewrite changes nothing");
    assertError(route("rewrite: {uri: /new, uriRegexRewrite: {match: ^/old, rewrite: /new}}"), "spec.http[0].rewrite", "cannot both be set");
    assertError(route("rewrite: {uriRegexRewrite: {match: ^/old}}"), "spec.http[0].rewrite.uriRegexRewrite", "needs both match and rewrite");
    assertError(route("rewrite: {uriRegexRewrite: {match: \"(\", rewrite: /x}}"), "spec.http[0].rewrite.uriRegexRewrite.match", "invalid RE2 regex");
    assertValid(route("rewrite: {uriRegexRewrite: {match: \"^/service/([^/]+)(/.*)$\", rewrite: \"\\\\2/instance/\\\\1\"}}"));
    assertValid(route("rewrite: {uri: /newcatalog, authority: catalog.example.com}"));
  }

  @Test
  void directResponses() {
    assertError(action("directResponse: {status: 99}"), "spec.http[0].directResponse.status", "HTTP status 99 out of range");
    assertError(action("directResponse: {status: 503, body: {string: a, bytes: YQ==}}"), "spec.http[0].directResponse.body", "either body.string or body.bytes");
    assertError(action("directResponse: {status: 503, body: {bytes: \"not base64!\"}}"), "spec.http[0].directResponse.body.bytes", "not valid base64");
    String big = Base64.getEncoder().encodeToString(new byte[1024 * 1024 + 1]);
    assertError(action("directResponse: {status: 200, body: {bytes: " + big + "}}"), "spec.http[0].directResponse.body", "must be at most 1MiB");
    assertWarning(action("directResponse: {status: 200, body: {string: " + "x".repeat(200 * 1024) + "}}"), "spec.http[0].directResponse.body",
        "large bodies");
    assertValid(action("directResponse: {status: 503, body: {string: \"unknown path\"}}"));
  }

  @Test
  void cors() {
    assertError(route("corsPolicy: {allowOrigins: [{}]}"), "spec.http[0].corsPolicy.allowOrigins[0]", "exactly one of exact, prefix or regex");
    assertError(route("corsPolicy: {allowOrigins: [{exact: \"\"}]}"), "spec.http[0].corsPolicy.allowOrigins[0]", "non-empty value");
    assertError(route("corsPolicy: {allowOrigins: [{regex: \"(\"}]}"), "spec.http[0].corsPolicy.allowOrigins[0].regex", "invalid RE2 regex");
    assertError(route("corsPolicy: {allowMethods: [FETCH]}"), "spec.http[0].corsPolicy.allowMethods[0]", "\"FETCH\" is not a supported HTTP method");
    assertError(route("corsPolicy: {allowHeaders: [\"x y\"]}"), "spec.http[0].corsPolicy.allowHeaders[0]", "invalid header name");
    assertError(route("corsPolicy: {exposeHeaders: [\"bad:header\"]}"), "spec.http[0].corsPolicy.exposeHeaders[0]", "invalid header name");
    assertError(route("corsPolicy: {maxAge: 1500ms}"), "spec.http[0].corsPolicy.maxAge", "whole seconds; use a duration such as 1s");
    assertWarning(route("corsPolicy: {allowOrigin: [https://example.com]}"), "spec.http[0].corsPolicy.allowOrigin", "deprecated");
    assertValid(route("corsPolicy: {allowOrigins: [{exact: https://example.com}, {regex: \"https://.*\\\\.example\\\\.org\"}],"
        + " allowMethods: [POST, GET], allowHeaders: [\"*\"], exposeHeaders: [x-trace-id], maxAge: 24h, allowCredentials: false,"
        + " unmatchedPreflights: IGNORE}"));
  }

  @Test
  void docsExampleWithEveryPolicyIsValid() {
    var result = check(vs("""
        hosts: [ratings.prod.svc.cluster.local]
        http:
        - name: ratings-canary
          match:
          - uri: {prefix: /ratings}
            headers: {cookie: {regex: "^(.*?;)?(user=jason)(;.*)?$"}}
          route:
          - destination: {host: ratings.prod.svc.cluster.local, subset: v2}
            weight: 25
            headers: {response: {remove: [foo]}}
          - destination: {host: ratings.prod.svc.cluster.local, subset: v1}
            weight: 75
          timeout: 10s
          retries: {attempts: 3, perTryTimeout: 2s, retryOn: "gateway-error,connect-failure,refused-stream"}
          fault: {delay: {percentage: {value: 0.1}, fixedDelay: 5s}}
          mirror: {host: ratings.prod.svc.cluster.local, subset: v3}
          mirrorPercentage: {value: 100.0}
          headers: {request: {set: {test: "true"}}}
          corsPolicy: {allowOrigins: [{exact: https://example.com}], allowMethods: [POST, GET], maxAge: 24h}
        """));
    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings()).isEmpty();
  }
}
