package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.networking.Percent;
import dev.rigging.mesh.api.networking.VirtualService.CorsPolicy;
import dev.rigging.mesh.api.networking.VirtualService.HTTPDirectResponse;
import dev.rigging.mesh.api.networking.VirtualService.HTTPFaultInjection;
import dev.rigging.mesh.api.networking.VirtualService.HTTPMirrorPolicy;
import dev.rigging.mesh.api.networking.VirtualService.HTTPRedirect;
import dev.rigging.mesh.api.networking.VirtualService.HTTPRetry;
import dev.rigging.mesh.api.networking.VirtualService.HTTPRewrite;
import dev.rigging.mesh.api.networking.VirtualService.HTTPRoute;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * {@code HttpPolicyValidator} checks what an HTTP route does besides choosing a destination:
 * redirects, direct responses, rewrites, retries, fault injection, mirroring and CORS.
 */
final class HttpPolicyValidator {
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE");
  private static final Set<String> GRPC_STATUSES = Set.of("OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
      "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
      "UNAUTHENTICATED");
  private static final int DIRECT_RESPONSE_MAX = 1024 * 1024;
  private static final int DIRECT_RESPONSE_WARN = 100 * 1024;

  private HttpPolicyValidator() {}

  static void validate(Issues issues, String p, HTTPRoute r) {
    cors(issues, p + ".corsPolicy", r.corsPolicy());
    fault(issues, p + ".fault", r.fault());
    if (r.mirrorPercent() != null) {
      issues.warn(p + ".mirrorPercent", "mirrorPercent is deprecated; use mirrorPercentage: {value: " + r.mirrorPercent() + "}");
      if (r.mirrorPercent() < 0 || r.mirrorPercent() > 100) {
        issues.error(p + ".mirrorPercent", "mirrorPercent " + r.mirrorPercent() + " out of range; must be between 0 and 100");
      }
    }
    mirrorPercentage(issues, p + ".mirrorPercentage", r.mirrorPercentage());
    Destinations.check(issues, p + ".mirror", r.mirror());
    for (int i = 0; i < r.mirrors().size(); i++) {
      HTTPMirrorPolicy m = r.mirrors().get(i);
      String at = Issues.at(p + ".mirrors", i);
      if (m.destination() == null) {
        issues.error(at + ".destination", "destination is required for a mirror; name the service with destination.host");
      } else {
        Destinations.check(issues, at + ".destination", m.destination());
      }
      mirrorPercentage(issues, at + ".percentage", m.percentage());
    }
    redirect(issues, p + ".redirect", r.redirect());
    directResponse(issues, p + ".directResponse", r.directResponse());
    retries(issues, p + ".retries", r.retries());
    rewrite(issues, p + ".rewrite", r.rewrite());
  }

  private static void mirrorPercentage(Issues issues, String field, Percent pct) {
    if (pct != null && pct.value() != null && (pct.value() < 0 || pct.value() > 100)) {
      issues.error(field + ".value", "mirror percentage " + pct.value() + " out of range; must be between 0 and 100");
    }
  }

  /** Envoy's fractional percent has a resolution of 1/10000 of a percent; smaller values would round to 0. */
  static String faultPercentageProblem(Percent pct) {
    if (pct == null || pct.value() == null) {
      return null;
    }
    double v = pct.value();
    if (v < 0 || v > 100 || (v > 0 && v < 0.0001)) {
      return "percentage " + v + " out of range; must be 0 or between 0.0001 and 100";
    }
    return null;
  }

  private static void cors(Issues issues, String p, CorsPolicy c) {
    if (c == null) {
      return;
    }
    for (int i = 0; i < c.allowOrigins().size(); i++) {
      var o = c.allowOrigins().get(i);
      String at = Issues.at(p + ".allowOrigins", i);
      String value = o == null ? null : o.exact() != null ? o.exact() : o.prefix() != null ? o.prefix() : o.regex();
      if (value == null || value.isEmpty() || o.alternativesSet() != 1) {
        issues.error(at, "origin match must set exactly one of exact, prefix or regex to a non-empty value, e.g. exact: https://example.com");
      } else if (o.regex() != null) {
        issues.errorIfPresent(at + ".regex", Regexes.problem(o.regex()));
      }
    }
    if (!c.allowOrigin().isEmpty()) {
      issues.warn(p + ".allowOrigin", "allowOrigin is deprecated; use allowOrigins with exact matches");
    }
    for (int i = 0; i < c.allowMethods().size(); i++) {
      String m = c.allowMethods().get(i);
      if (!METHODS.contains(m)) {
        issues.error(Issues.at(p + ".allowMethods", i), "\"" + m + "\" is not a supported HTTP method; valid: "
            + String.join(", ", METHODS.stream().sorted().toList()));
      }
    }
    for (int i = 0; i < c.allowHeaders().size(); i++) {
      issues.errorIfPresent(Issues.at(p + ".allowHeaders", i), HeaderRules.corsNameProblem(c.allowHeaders().get(i)));
    }
    for (int i = 0; i < c.exposeHeaders().size(); i++) {
      issues.errorIfPresent(Issues.at(p + ".exposeHeaders", i), HeaderRules.corsNameProblem(c.exposeHeaders().get(i)));
    }
    if (c.maxAge() != null) {
      Durations.check(issues, p + ".maxAge", c.maxAge());
      if (c.maxAge().getNano() != 0) {
        issues.error(p + ".maxAge", "maxAge is sent in whole seconds; use a duration such as " + Math.max(1, c.maxAge().getSeconds()) + "s");
      }
    }
  }

  private static void fault(Issues issues, String p, HTTPFaultInjection f) {
    if (f == null) {
      return;
    }
    if (f.abort() == null && f.delay() == null) {
      issues.error(p, "fault injection needs an abort and/or a delay");
    }
    var abort = f.abort();
    if (abort != null) {
      issues.errorIfPresent(p + ".abort.percentage.value", faultPercentageProblem(abort.percentage()));
      int kinds = (abort.httpStatus() != null ? 1 : 0) + (abort.grpcStatus() != null ? 1 : 0) + (abort.http2Error() != null ? 1 : 0);
      if (kinds > 1) {
        issues.error(p + ".abort", "abort sets " + kinds + " of httpStatus, grpcStatus and http2Error; set exactly one");
      } else if (kinds == 0) {
        issues.warn(p + ".abort", "abort has no error type and does nothing; set httpStatus or grpcStatus");
      }
      if (abort.httpStatus() != null && (abort.httpStatus() < 200 || abort.httpStatus() > 599)) {
        issues.error(p + ".abort.httpStatus", "HTTP status " + abort.httpStatus() + " out of range; must be between 200 and 599");
      }
      if (abort.grpcStatus() != null && !GRPC_STATUSES.contains(abort.grpcStatus())) {
        issues.error(p + ".abort.grpcStatus", "unknown gRPC status \"" + abort.grpcStatus() + "\"; use a status name such as UNAVAILABLE or NOT_FOUND");
      }
      if (abort.http2Error() != null) {
        issues.error(p + ".abort.http2Error", "HTTP/2 error aborts are not supported; use httpStatus or grpcStatus");
      }
    }
    var delay = f.delay();
    if (delay != null) {
      issues.errorIfPresent(p + ".delay.percentage.value", faultPercentageProblem(delay.percentage()));
      if (delay.percent() != null && (delay.percent() < 0 || delay.percent() > 100)) {
        issues.error(p + ".delay.percent", "percent " + delay.percent() + " out of range; must be between 0 and 100");
      }
      if (delay.fixedDelay() != null && delay.exponentialDelay() != null) {
        issues.error(p + ".delay", "set either fixedDelay or exponentialDelay, not both");
      } else if (delay.fixedDelay() == null && delay.exponentialDelay() == null) {
        issues.error(p + ".delay", "delay needs fixedDelay, e.g. fixedDelay: 5s");
      }
      Durations.check(issues, p + ".delay.fixedDelay", delay.fixedDelay());
      if (delay.exponentialDelay() != null) {
        Durations.check(issues, p + ".delay.exponentialDelay", delay.exponentialDelay());
        issues.error(p + ".delay.exponentialDelay", "exponentialDelay is not supported; use fixedDelay");
      }
    }
  }

  private static void redirect(Issues issues, String p, HTTPRedirect r) {
    if (r == null) {
      return;
    }
    if (empty(r.uri()) && empty(r.authority()) && empty(r.scheme()) && r.port() == null && r.derivePort() == null) {
      issues.error(p, "redirect changes nothing; set at least one of uri, authority, scheme, port or derivePort");
    }
    if (r.redirectCode() != null && r.redirectCode() != 0 && (r.redirectCode() < 300 || r.redirectCode() > 399)) {
      issues.error(p + ".redirectCode", "redirect code " + r.redirectCode() + " is not a redirection; must be between 300 and 399 (default 301)");
    }
    if (!empty(r.scheme()) && !r.scheme().equals("http") && !r.scheme().equals("https")) {
      issues.error(p + ".scheme", "invalid redirect scheme \"" + r.scheme() + "\"; must be http or https");
    }
    if (r.port() != null && r.derivePort() != null) {
      issues.error(p + ".port", "set either port or derivePort, not both");
    }
    if (r.port() != null && r.port() != 0) {
      issues.errorIfPresent(p + ".port", Ports.numberProblem(r.port()));
    }
  }

  private static void directResponse(Issues issues, String p, HTTPDirectResponse d) {
    if (d == null) {
      return;
    }
    if (d.status() == null || d.status() < 200 || d.status() > 599) {
      issues.error(p + ".status", "HTTP status " + (d.status() == null ? "is missing" : d.status() + " out of range")
          + "; must be between 200 and 599");
    }
    var body = d.body();
    if (body == null) {
      return;
    }
    if (body.string() != null && body.bytes() != null) {
      issues.error(p + ".body", "set either body.string or body.bytes, not both");
    }
    int size = 0;
    if (body.string() != null) {
      size = body.string().getBytes(StandardCharsets.UTF_8).length;
    } else if (body.bytes() != null) {
      try {
        size = Base64.getDecoder().decode(body.bytes()).length;
      } catch (IllegalArgumentException e) {
        issues.error(p + ".body.bytes", "body.bytes is not valid base64; encode the body, or use body.string for text");
      }
    }
    if (size > DIRECT_RESPONSE_MAX) {
      issues.error(p + ".body", "direct response body is " + size + " bytes; must be at most 1MiB (it is sent to every proxy)");
    } else if (size > DIRECT_RESPONSE_WARN) {
      issues.warn(p + ".body", "direct response body is " + size + " bytes; large bodies slow down config distribution");
    }
  }

  private static void retries(Issues issues, String p, HTTPRetry r) {
    if (r == null) {
      return;
    }
    int attempts = r.attempts() == null ? 0 : r.attempts();
    if (attempts < 0) {
      issues.error(p + ".attempts", "attempts " + attempts + " is negative; must be 0 (no retries) or more");
    }
    if (attempts == 0 && (r.perTryTimeout() != null || !empty(r.retryOn()) || r.retryRemoteLocalities() != null)) {
      issues.error(p, "retry policy configured but attempts is 0, which disables retries; set attempts to 1 or more, or remove perTryTimeout, retryOn and retryRemoteLocalities");
    }
    Durations.check(issues, p + ".perTryTimeout", r.perTryTimeout());
    Durations.check(issues, p + ".backoff", r.backoff());
    if (!empty(r.retryOn())) {
      for (String policy : r.retryOn().split(",", -1)) {
        if (!RetryOn.isValid(policy)) {
          issues.error(p + ".retryOn", "\"" + policy + "\" is not a valid retryOn condition; use comma-separated conditions without spaces from "
              + RetryOn.VALID + ", or HTTP status codes such as 503");
        }
      }
    }
  }

  private static void rewrite(Issues issues, String p, HTTPRewrite r) {
    if (r == null) {
      return;
    }
    if (!empty(r.uri()) && r.uriRegexRewrite() != null) {
      issues.error(p, "uri and uriRegexRewrite cannot both be set; keep one");
    }
    if (empty(r.uri()) && r.uriRegexRewrite() == null && empty(r.authority())) {
      issues.error(p, "rewrite changes nothing; set uri, uriRegexRewrite or authority");
    }
    var rx = r.uriRegexRewrite();
    if (rx != null) {
      if (empty(rx.match()) || empty(rx.rewrite())) {
        issues.error(p + ".uriRegexRewrite", "uriRegexRewrite needs both match and rewrite, e.g. match: ^/old/(.*) and rewrite: /new/\\1");
      } else {
        issues.errorIfPresent(p + ".uriRegexRewrite.match", Regexes.problem(rx.match()));
      }
    }
  }

  private static boolean empty(String s) {
    return s == null || s.isEmpty();
  }
}
