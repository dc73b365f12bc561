package dev.rigging.istiod.networking;

import dev.rigging.mesh.api.networking.Percent;
import dev.rigging.mesh.api.networking.StringMatch;
import dev.rigging.mesh.api.networking.VirtualService.CorsPolicy;
import dev.rigging.mesh.api.networking.VirtualService.HTTPFaultInjection;
import dev.rigging.mesh.api.networking.VirtualService.HTTPRetry;
import dev.rigging.mesh.api.networking.VirtualService.HTTPRoute;
import dev.rigging.mesh.api.networking.VirtualService.HeaderOperations;
import dev.rigging.mesh.api.networking.VirtualService.Headers;
import dev.rigging.mesh.api.networking.VirtualService.UnmatchedPreflights;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.extensions.filters.common.fault.v3.FaultDelay;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.FaultAbort;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate;
import io.envoyproxy.envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code RoutePolicyTranslator} translates the per-route policies of a VirtualService HTTP route
 * like Istio: retries (Istio's default policy when unset, none for {@code attempts: 0}), fault
 * injection, CORS, header manipulation and mirror percentages.
 */
final class RoutePolicyTranslator {
  static final String DEFAULT_RETRY_ON = "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes";
  private static final RetryPolicy.RetryHostPredicate PREVIOUS_HOSTS = RetryPolicy.RetryHostPredicate.newBuilder()
      .setName("envoy.retry_host_predicates.previous_hosts")
      .setTypedConfig(TypedConfigs.pack(PreviousHostsPredicate.getDefaultInstance()))
      .build();
  private static final Map<String, Integer> GRPC_CODES = Map.ofEntries(
      Map.entry("OK", 0), Map.entry("CANCELLED", 1), Map.entry("UNKNOWN", 2), Map.entry("INVALID_ARGUMENT", 3),
      Map.entry("DEADLINE_EXCEEDED", 4), Map.entry("NOT_FOUND", 5), Map.entry("ALREADY_EXISTS", 6),
      Map.entry("PERMISSION_DENIED", 7), Map.entry("RESOURCE_EXHAUSTED", 8), Map.entry("FAILED_PRECONDITION", 9),
      Map.entry("ABORTED", 10), Map.entry("OUT_OF_RANGE", 11), Map.entry("UNIMPLEMENTED", 12),
      Map.entry("INTERNAL", 13), Map.entry("UNAVAILABLE", 14), Map.entry("DATA_LOSS", 15),
      Map.entry("UNAUTHENTICATED", 16));

  private RoutePolicyTranslator() {}

  /**
   * The retry policy: Istio's default when {@code in} is null, none when attempts are 0 or unset,
   * else the default with the user's fields. With consistent hashing, retries stay on the same host.
   */
  static RetryPolicy retry(HTTPRetry in, boolean consistentHash) {
    RetryPolicy.Builder out = RetryPolicy.newBuilder()
        .setNumRetries(Protos.u32(2))
        .setRetryOn(DEFAULT_RETRY_ON)
        .setHostSelectionRetryMaxAttempts(5)
        .addRetriableStatusCodes(503);
    if (!consistentHash) {
      out.addRetryHostPredicate(PREVIOUS_HOSTS);
    }
    if (in == null) {
      return out.build();
    }
    if (in.attempts() == null || in.attempts() <= 0) {
      return null;
    }
    out.setNumRetries(Protos.u32(in.attempts()));
    if (in.retryOn() != null && !in.retryOn().isBlank()) {
      List<String> policies = new ArrayList<>();
      List<Integer> codes = new ArrayList<>();
      for (String part : in.retryOn().split(",")) {
        String p = part.trim();
        if (p.isEmpty()) {
          continue;
        }
        if (p.matches("\\d{3}") && Integer.parseInt(p) >= 100 && Integer.parseInt(p) <= 599) {
          codes.add(Integer.parseInt(p));
        } else {
          policies.add(p);
        }
      }
      String retryOn = String.join(",", policies);
      if (!codes.isEmpty() && !retryOn.contains("retriable-status-codes")) {
        retryOn = retryOn.isEmpty() ? "retriable-status-codes" : retryOn + ",retriable-status-codes";
      }
      out.setRetryOn(retryOn).clearRetriableStatusCodes().addAllRetriableStatusCodes(codes);
    }
    if (in.perTryTimeout() != null) {
      out.setPerTryTimeout(Protos.duration(in.perTryTimeout()));
    }
    if (in.retryIgnorePreviousHosts() != null) {
      out.clearRetryHostPredicate();
      if (in.retryIgnorePreviousHosts()) {
        out.addRetryHostPredicate(PREVIOUS_HOSTS);
      }
    }
    if (Boolean.TRUE.equals(in.retryRemoteLocalities())) {
      out.setRetryPriority(RetryPolicy.RetryPriority.newBuilder()
          .setName("envoy.retry_priorities.previous_priorities")
          .setTypedConfig(TypedConfigs.pack(PreviousPrioritiesConfig.newBuilder().setUpdateFrequency(2).build())));
    }
    if (in.backoff() != null) {
      out.setRetryBackOff(RetryPolicy.RetryBackOff.newBuilder().setBaseInterval(Protos.duration(in.backoff())));
    }
    return out.build();
  }

  /** The fault filter's per-route config, or null when nothing translatable is set. */
  static HTTPFault fault(HTTPFaultInjection in) {
    if (in == null) {
      return null;
    }
    HTTPFault.Builder out = HTTPFault.newBuilder();
    boolean any = false;
    var d = in.delay();
    if (d != null && d.fixedDelay() != null) {
      FaultDelay.Builder delay = FaultDelay.newBuilder().setFixedDelay(Protos.duration(d.fixedDelay()));
      delay.setPercentage(d.percentage() != null && d.percentage().value() != null
          ? Protos.percent(d.percentage().value()) : Protos.percentInt(d.percent() == null ? 0 : d.percent()));
      out.setDelay(delay);
      any = true;
    }
    var a = in.abort();
    if (a != null && (a.httpStatus() != null || a.grpcStatus() != null)) {
      FaultAbort.Builder abort = FaultAbort.newBuilder();
      if (a.percentage() != null && a.percentage().value() != null) {
        abort.setPercentage(Protos.percent(a.percentage().value()));
      }
      if (a.httpStatus() != null) {
        abort.setHttpStatus(a.httpStatus());
      } else {
        abort.setGrpcStatus(grpcCode(a.grpcStatus()));
      }
      out.setAbort(abort);
      any = true;
    }
    return any ? out.build() : null;
  }

  /** A gRPC status by name ({@code UNAVAILABLE}) or number. */
  static int grpcCode(String status) {
    String s = status.trim().toUpperCase(Locale.ROOT);
    Integer code = GRPC_CODES.get(s);
    if (code != null) {
      return code;
    }
    return Integer.parseInt(s);
  }

  /** An abort of 100% of requests with {@code status}: how a direct response reaches gRPC clients. */
  static HTTPFault abortAll(int status) {
    return HTTPFault.newBuilder().setAbort(FaultAbort.newBuilder()
        .setHttpStatus(status).setPercentage(Protos.percentInt(100))).build();
  }

  static io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy cors(CorsPolicy in) {
    var out = io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy.newBuilder()
        .setForwardNotMatchingPreflights(Protos.bool(in.unmatchedPreflights() != UnmatchedPreflights.IGNORE))
        .setFilterEnabled(RuntimeFractionalPercent.newBuilder().setDefaultValue(Protos.percentInt(100)));
    if (!in.allowOrigins().isEmpty()) {
      for (StringMatch m : in.allowOrigins()) {
        out.addAllowOriginStringMatch(RouteMatchTranslator.stringMatcher(m));
      }
    } else {
      for (String o : in.allowOrigin()) {
        out.addAllowOriginStringMatch(RouteMatchTranslator.stringMatcher(new StringMatch(o, null, null)));
      }
    }
    if (in.allowCredentials() != null) {
      out.setAllowCredentials(Protos.bool(in.allowCredentials()));
    }
    out.setAllowHeaders(String.join(",", in.allowHeaders()))
        .setAllowMethods(String.join(",", in.allowMethods()))
        .setExposeHeaders(String.join(",", in.exposeHeaders()));
    if (in.maxAge() != null) {
      out.setMaxAge(Long.toString(in.maxAge().getSeconds()));
    }
    return out.build();
  }

  /** Header operations of a route or destination, plus the authority to rewrite to (empty if none). */
  record HeaderOps(List<HeaderValueOption> requestAdd, List<String> requestRemove, List<HeaderValueOption> responseAdd,
      List<String> responseRemove, String authority) {
    static final HeaderOps NONE = new HeaderOps(List.of(), List.of(), List.of(), List.of(), "");
  }

  /** Istio's header translation: {@code set} overwrites, {@code add} appends, pseudo-headers and host are skipped. */
  static HeaderOps headers(Headers in) {
    if (in == null) {
      return HeaderOps.NONE;
    }
    HeaderOperations req = in.request();
    HeaderOperations resp = in.response();
    String[] authority = {""};
    List<HeaderValueOption> reqAdd = new ArrayList<>();
    if (req != null) {
      String setAuth = appendHeaders(req.set(), false, reqAdd);
      String addAuth = appendHeaders(req.add(), true, reqAdd);
      authority[0] = !setAuth.isEmpty() ? setAuth : addAuth;
    }
    List<HeaderValueOption> respAdd = new ArrayList<>();
    if (resp != null) {
      appendHeaders(resp.set(), false, respAdd);
      appendHeaders(resp.add(), true, respAdd);
    }
    return new HeaderOps(reqAdd, req == null ? List.of() : dropInternal(req.remove()), respAdd,
        resp == null ? List.of() : dropInternal(resp.remove()), authority[0]);
  }

  private static String appendHeaders(Map<String, String> headers, boolean append, List<HeaderValueOption> out) {
    String authority = "";
    List<HeaderValueOption> batch = new ArrayList<>();
    for (Map.Entry<String, String> e : headers.entrySet()) {
      String key = e.getKey();
      if (key.equalsIgnoreCase(":authority") || key.equalsIgnoreCase("host")) {
        authority = e.getValue();
      }
      if (isInternal(key)) {
        continue;
      }
      batch.add(HeaderValueOption.newBuilder()
          .setHeader(HeaderValue.newBuilder().setKey(key).setValue(e.getValue()))
          .setAppendAction(append ? HeaderValueOption.HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD
              : HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)
          .build());
    }
    batch.sort(Comparator.comparing(h -> h.getHeader().getKey()));
    out.addAll(batch);
    return authority;
  }

  private static boolean isInternal(String key) {
    return key.startsWith(":") || key.equalsIgnoreCase("host");
  }

  private static List<String> dropInternal(List<String> keys) {
    return keys.stream().filter(k -> !isInternal(k)).toList();
  }

  /** The mirror fraction of the legacy {@code mirror} field: percentage, else percent, else 100%; null for 0. */
  static RuntimeFractionalPercent mirrorPercent(HTTPRoute in) {
    if (in.mirrorPercentage() != null && in.mirrorPercentage().value() != null) {
      return positiveFraction(in.mirrorPercentage());
    }
    if (in.mirrorPercent() != null) {
      return in.mirrorPercent() > 0
          ? RuntimeFractionalPercent.newBuilder().setDefaultValue(Protos.percentInt(in.mirrorPercent())).build() : null;
    }
    return RuntimeFractionalPercent.newBuilder().setDefaultValue(Protos.percentInt(100)).build();
  }

  /** The fraction of one {@code mirrors} entry: its percentage, 100% when unset; null for 0. */
  static RuntimeFractionalPercent mirrorPercent(Percent p) {
    if (p == null || p.value() == null) {
      return RuntimeFractionalPercent.newBuilder().setDefaultValue(Protos.percentInt(100)).build();
    }
    return positiveFraction(p);
  }

  private static RuntimeFractionalPercent positiveFraction(Percent p) {
    return p.value() > 0 ? RuntimeFractionalPercent.newBuilder().setDefaultValue(Protos.percent(p.value())).build()
        : null;
  }
}
